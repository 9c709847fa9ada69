// Wires the "Try the Sample Database" command. Called once from activate().
import * as vscode from 'vscode';
import type { TableTalkContext } from '../context';
import type { DatasourcesFeature } from '../datasources/register';
import { SampleDatabase, type SampleResult } from './sample-database';

export { SAMPLE_DATASOURCE_ID, type SampleResult } from './sample-database';

export interface SampleFeature {
  sample: SampleDatabase;
}

export function registerSample(ctx: TableTalkContext, datasources: DatasourcesFeature): SampleFeature {
  const sample = ctx.register(new SampleDatabase(ctx, datasources));
  ctx.register(
    vscode.commands.registerCommand('tabletalk.trySampleDatabase', async (): Promise<SampleResult | undefined> => {
      try {
        return await sample.run();
      } catch (err) {
        // Shown once here; resolving undefined keeps VS Code from reporting it a second time.
        void ctx.showError(vscode.l10n.t('Could not set up the sample database'), err);
        return undefined;
      }
    }),
  );
  return { sample };
}
