// Wires the "Try the Sample Database" command. Called once from activate().
import * as vscode from 'vscode';
import { registerCommand } from '../commands';
import type { TableTalkContext } from '../context';
import type { DatasourcesFeature } from '../datasources/register';
import { SampleDatabase, type SampleResult } from './sample-database';

export { SAMPLE_DATASOURCE_ID, type SampleResult } from './sample-database';

export interface SampleFeature {
  sample: SampleDatabase;
}

export function registerSample(ctx: TableTalkContext, datasources: DatasourcesFeature): SampleFeature {
  const sample = ctx.register(new SampleDatabase(ctx, datasources));
  registerCommand(ctx, 'tabletalk.trySampleDatabase', (): Promise<SampleResult | undefined> => sample.run(), () => vscode.l10n.t('Could not set up the sample database'));
  return { sample };
}
