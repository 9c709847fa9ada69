// The agent tools' view of VS Code: datasets from the Datasets feature, drivers from the datasource pool (passwords
// from SecretStorage), the vector store and embedder from settings, limits from tabletalk.ask.*, and the redactor.
import * as vscode from 'vscode';
import type { AgentBackend } from '../../core/agent/backend';
import type { DatasetDefinition, DatasetRunState } from '../../core/dataset/types';
import type { TableTalkContext } from '../context';
import type { DatasetsFeature } from '../datasets/register';
import type { ModelsFeature } from '../vector/register';
import { askSettings, type AskService } from '../ask/service';

const MAX_BYTES = 256 * 1024;

export function hostAgentBackend(ctx: TableTalkContext, datasets: DatasetsFeature, models: ModelsFeature, ask: AskService): AgentBackend {
  return {
    async datasets() {
      return (await datasets.service.list()).datasets;
    },
    dataset: (name) => datasets.service.get(name),
    state: (def: DatasetDefinition): Promise<DatasetRunState> => datasets.service.state(def),
    datasourceLabel: (def) => ctx.datasources.get(def.datasource)?.config.name ?? def.datasource,
    dialect: (def) => ctx.datasources.get(def.datasource)?.config.dialect ?? null,
    driver: (def) => ctx.getQueryDriver(def.datasource),
    async retrieval(state) {
      const [store, embedder] = await Promise.all([models.vectorStore(), models.embedderForId(state.embedder?.id ?? 'builtin-hash-v1-1024')]);
      return { store, embedder };
    },
    limits() {
      const s = askSettings();
      return { maxRows: s.rowLimit, timeoutMs: s.timeoutSeconds * 1000, maxBytes: MAX_BYTES };
    },
    trainHint: (name) => vscode.l10n.t('Train it: run "TableTalk: Train Dataset" on "{0}" (Datasets view), then call the tool again.', name),
    datasourceHint: (def) => vscode.l10n.t('Add a datasource with id "{0}" (TableTalk: Add Datasource), or point the dataset file at an existing datasource id.', def.datasource),
    clean: (text) => ask.clean(text),
  };
}
