// Ask in VS Code without the UI: a question on a dataset becomes H5's guarded, read-only answer, edited SQL runs
// through the same guard and read-only execution, and a good pair becomes a training example at once. The panel,
// the chat participant and the commands all go through here. Datasets, run state, vector store, embedder and LLM
// come from H7's features (src/host/datasets, src/host/vector, src/host/llm).
import * as vscode from 'vscode';
import { describe, TableTalkError } from '../../core/errors';
import { errorParts } from '../datasources/error-text';
import type { AskResult } from '../../core/ask/index';
import type { DatasetDefinition, DatasetRunState } from '../../core/dataset/types';
import type { Driver } from '../../core/datasource/types';
import type { LlmProvider } from '../../core/llm/provider';
import type { AskAction, AskAnswer, AskDatasetInfo, AskDialect, AskModelInfo, AskStrategy } from '../../protocol/ask';
import type { TableTalkContext } from '../context';
import type { DatasetsFeature } from '../datasets/register';
import { redact } from '../logging';
import type { ModelsFeature } from '../vector/register';
import { llmSettings } from '../vector/settings';
import { answerFromResult, renderedRefusal, toRows } from './answer';
import { renderExplanation } from '../../core/ask/explanation';
import { renderMessage, type Message } from '../../core/messages';

const render = (m: Message): string => renderMessage(m, (f) => vscode.l10n.t(f.message, ...f.args));


export interface AskSettings {
  rowLimit: number;
  timeoutSeconds: number;
  strategy: AskStrategy;
}

export function askSettings(): AskSettings {
  const cfg = vscode.workspace.getConfiguration('tabletalk.ask');
  const int = (key: string, fallback: number, max: number) => {
    const n = Number(cfg.get<number>(key));
    return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
  };
  return {
    rowLimit: int('rowLimit', 1000, 1_000_000),
    timeoutSeconds: int('timeoutSeconds', 30, 3600),
    strategy: cfg.get<string>('strategy') === 'baseline' ? 'baseline' : 'full',
  };
}

export interface AskCallOptions {
  signal?: AbortSignal;
  /** Progress for the user: "Retrieving tables and examples", "Asking <model>", "Running the query". */
  onStep?: (step: string) => void;
  /** A model to use when settings configure none (the chat's own model). */
  fallbackLlm?: LlmProvider;
}

/** A setup problem (not an answer): what happened, what to do, and which button helps. */
export class AskSetupError extends TableTalkError {
  constructor(message: string, hint?: string, readonly action?: AskAction, options?: { cause?: unknown }) {
    super('ask-setup', message, { hint, cause: options?.cause });
  }
}

export interface SavedExample {
  /** What the user is told. */
  message: string;
  addedToFile: boolean;
  upserted: boolean;
  id: string;
}

const configureHint = vscode.l10n.t('To generate SQL, choose a model with "TableTalk: Configure LLM" (an OpenAI-compatible endpoint, its key kept in secret storage, or a VS Code language model such as Copilot), or set tabletalk.llm.* in Settings.');

/** Tells the user which model writes SQL; never the key, and only the model name (URLs may carry credentials). */
export function modelInfo(): AskModelInfo {
  const s = llmSettings();
  if (s.provider === 'none') return { configured: false, label: vscode.l10n.t('No language model') };
  if (s.provider === 'vscode-lm') return { configured: true, label: vscode.l10n.t('VS Code language model · {0}', s.model || vscode.l10n.t('first available')) };
  return { configured: true, label: vscode.l10n.t('OpenAI-compatible · {0}', s.model || vscode.l10n.t('no model set')) };
}

/** An LlmProvider that reports when the model is asked and when it has answered. */
function reporting(llm: LlmProvider, onStep: (step: string) => void, running: boolean): LlmProvider {
  const name = llm.id.replace(/^(openai|vscode-lm):/, '');
  let calls = 0;
  return {
    id: llm.id,
    contextWindow: llm.contextWindow,
    async complete(messages, options) {
      onStep(calls++ === 0 ? vscode.l10n.t('Asking {0} for SQL', name) : vscode.l10n.t('Asking {0} to correct the SQL', name));
      const answer = await llm.complete(messages, options);
      onStep(running ? vscode.l10n.t('Checking and running the query') : vscode.l10n.t('Checking the query'));
      return answer;
    },
  };
}

export class AskService {
  private nextId = 1;
  private readonly answered = new vscode.EventEmitter<{ dataset: string; answer: AskAnswer }>();
  /** Every answer to a question or a run, from any caller (panel, chat, editor): History records them. */
  readonly onDidAnswer = this.answered.event;

  constructor(
    private readonly ctx: TableTalkContext,
    private readonly datasets: DatasetsFeature,
    private readonly models: ModelsFeature,
  ) {
    ctx.register(this.answered);
  }

  /** Error text safe to show: no secret the extension handled, no password in a URL. */
  clean(text: string): string {
    return redact(text, this.ctx.secrets.knownValues());
  }

  /** Names of the datasets with a trained model, and of all datasets. */
  async datasetNames(): Promise<{ trained: string[]; all: string[] }> {
    const { datasets } = await this.datasets.service.list();
    const trained: string[] = [];
    for (const d of datasets) {
      const state = await this.datasets.service.state(d).catch(() => undefined);
      if (state?.activeCollections) trained.push(this.datasets.service.refOf(d));
    }
    return { trained: trained.sort(), all: datasets.map((d) => this.datasets.service.refOf(d)).sort() };
  }

  /** Each dataset with its datasource's display name (Run Query's picker). */
  async datasetChoices(): Promise<{ name: string; datasource: string; dialect: AskDialect | null }[]> {
    const { datasets } = await this.datasets.service.list();
    return datasets.map((d) => ({ name: this.datasets.service.refOf(d), datasource: this.ctx.datasources.get(d.datasource)?.config.name ?? d.datasource, dialect: this.dialectOf(d) }));
  }

  /** The dialect of a dataset's datasource, or null when either is unknown. */
  async dialectOfDataset(name: string): Promise<AskDialect | null> {
    const def = await this.datasets.service.get(name).catch(() => undefined);
    return def ? this.dialectOf(def) : null;
  }

  dialectOf(def: DatasetDefinition): AskDialect | null {
    return this.ctx.datasources.get(def.datasource)?.config.dialect ?? null;
  }

  async datasetInfo(name: string): Promise<AskDatasetInfo> {
    let def: DatasetDefinition | undefined;
    try {
      def = await this.datasets.service.get(name);
    } catch (err) {
      return { name, datasource: '', dialect: null, trained: false, training: false, notReady: this.clean(vscode.l10n.t('The dataset file cannot be read: {0}', errorParts(err, vscode.l10n).message)) };
    }
    if (!def) return { name, datasource: '', dialect: null, trained: false, training: false, notReady: vscode.l10n.t('There is no dataset named "{0}" any more (renamed or deleted).', name) };
    const state = await this.datasets.service.state(def).catch(() => this.datasets.service.runState.peek(def));
    const training = !!this.datasets.trainer.runs.get(def.collection) || state.status === 'training';
    const stored = this.ctx.datasources.get(def.datasource);
    const trained = !!state.activeCollections;
    let notReady: string | null = null;
    if (!stored) notReady = vscode.l10n.t('The datasource "{0}" of this dataset is not defined in the tabletalk.datasources setting. Add it (TableTalk: Add Datasource) or point the dataset file at an existing datasource.', def.datasource);
    else if (!trained && training) notReady = vscode.l10n.t('Dataset "{0}" is training for the first time; you can ask once it completes.', name);
    else if (!trained) notReady = vscode.l10n.t('Dataset "{0}" is not trained yet. Train it first: training stores its tables, business terms and examples so questions can find them.', name);
    return { name, datasource: stored?.config.name ?? def.datasource, dialect: stored?.config.dialect ?? null, trained, training, notReady, tables: def.tables.map((t) => t.name) };
  }

  /** The definition, run state and dialect of a dataset that can answer, or a setup error saying why not. */
  private async ready(name: string): Promise<{ def: DatasetDefinition; state: DatasetRunState; dialect: AskDialect }> {
    const def = await this.datasets.service.get(name);
    if (!def) throw new AskSetupError(vscode.l10n.t('There is no dataset named "{0}"', name), vscode.l10n.t('Create it in the Datasets view, or choose another dataset.'));
    const state = await this.datasets.service.state(def);
    if (!state.activeCollections) {
      const why = state.status === 'training' ? vscode.l10n.t('Dataset "{0}" is training for the first time and has no model yet', name) : vscode.l10n.t('Dataset "{0}" has not been trained yet', name);
      throw new AskSetupError(why, vscode.l10n.t('Train the dataset, then ask again.'), state.status === 'training' ? undefined : 'trainDataset');
    }
    const dialect = this.dialectOf(def);
    if (!dialect) {
      throw new AskSetupError(
        vscode.l10n.t('The datasource "{0}" of dataset "{1}" is not defined', def.datasource, name),
        vscode.l10n.t('Add a datasource with id "{0}" (TableTalk: Add Datasource), or point the dataset file at an existing datasource id.', def.datasource),
      );
    }
    return { def, state, dialect };
  }

  private driver(def: DatasetDefinition): Promise<Driver> {
    return this.ctx.getQueryDriver(def.datasource);
  }

  /** Answers a question: retrieval, the model, the guard, a read-only run. Without a model: the retrieved context. */
  async ask(name: string, question: string, options: AskCallOptions = {}): Promise<AskAnswer> {
    const step = options.onStep ?? (() => undefined);
    step(vscode.l10n.t('Preparing'));
    const { def, state, dialect } = await this.ready(name);
    const settings = askSettings();
    const configured = await this.models.llm().catch((err: unknown) => {
      const e = errorParts(err, vscode.l10n);
      throw new AskSetupError(vscode.l10n.t('The language model cannot be used: {0}', e.message), e.hint, 'configureLlm', { cause: err });
    });
    const llm = configured ?? options.fallbackLlm;
    step(vscode.l10n.t('Starting the vector store'));
    const [store, embedder, driver, { ask }] = await Promise.all([
      this.models.vectorStore(),
      this.models.embedderForId(state.embedder?.id ?? 'builtin-hash-v1-1024'),
      llm ? this.driver(def) : undefined,
      import('../../core/ask/index.js'),
    ]);
    step(vscode.l10n.t('Retrieving tables and examples'));
    const result: AskResult = await ask(def, state, question, {
      store,
      embedder,
      llm: llm && reporting(llm, step, !!driver),
      driver,
      dialect,
      run: !!driver,
      strategy: settings.strategy,
      maxRows: settings.rowLimit,
      timeoutMs: settings.timeoutSeconds * 1000,
      configureHint,
      signal: options.signal,
    });
    const answer = answerFromResult(this.nextId++, result, render);
    this.ctx.log.info(`Ask "${def.name}": ${answer.refused ? `refused (${answer.refused.code})` : answer.error ? 'query failed' : answer.context ? 'no LLM, context shown' : `${answer.rows.length} rows${answer.truncated ? ' (limited)' : ''}`}`);
    return this.announce(def.name, this.scrubbed(answer));
  }

  /** Runs the user's SQL through H5's runSql: the same guard and read-only execution (row limit, statement timeout). */
  async run(name: string, question: string, sql: string, options: AskCallOptions = {}): Promise<AskAnswer> {
    const step = options.onStep ?? (() => undefined);
    step(vscode.l10n.t('Connecting to the database'));
    // Running SQL needs the datasource only, not a trained model: SQL from an editor runs on a fresh dataset too.
    const { def, dialect } = await this.runnable(name);
    const settings = askSettings();
    const [driver, { runSql }] = await Promise.all([this.driver(def), import('../../core/ask/index.js')]);
    step(vscode.l10n.t('Checking and running the query'));
    const r = await runSql(sql, { driver, maxRows: settings.rowLimit, timeoutMs: settings.timeoutSeconds * 1000, signal: options.signal });
    return this.announce(def.name, this.scrubbed({
      id: this.nextId++,
      origin: 'run',
      question,
      dialect,
      strategy: settings.strategy,
      sql: r.sql,
      rejectedSql: r.sql === null || r.error ? sql : null,
      tables: [],
      usedTables: r.usedTables,
      joinPaths: [],
      ran: r.ran,
      columns: r.columns,
      rows: toRows(r.columns, r.rows),
      truncated: r.truncated,
      rowLimit: r.rowLimit,
      ms: r.ms,
      refused: renderedRefusal(r.refused, render),
      error: r.error,
      explanation: renderExplanation(r.explanationParts, render),
      modelNote: null,
      context: null,
    }));
  }

  private announce(dataset: string, answer: AskAnswer): AskAnswer {
    this.answered.fire({ dataset, answer });
    return answer;
  }

  /** The definition and dialect of a dataset whose datasource is defined (trained or not). */
  private async runnable(name: string): Promise<{ def: DatasetDefinition; dialect: AskDialect }> {
    const def = await this.datasets.service.get(name);
    if (!def) throw new AskSetupError(vscode.l10n.t('There is no dataset named "{0}"', name), vscode.l10n.t('Create it in the Datasets view, or choose another dataset.'));
    const dialect = this.dialectOf(def);
    if (!dialect) {
      throw new AskSetupError(
        vscode.l10n.t('The datasource "{0}" of dataset "{1}" is not defined', def.datasource, name),
        vscode.l10n.t('Add a datasource with id "{0}" (TableTalk: Add Datasource), or point the dataset file at an existing datasource id.', def.datasource),
      );
    }
    return { def, dialect };
  }

  /** Stores the pair in the dataset file and, when the dataset is trained, in its example collection at once. */
  async saveExample(name: string, question: string, sql: string): Promise<SavedExample> {
    const def = await this.datasets.service.require(name);
    const state = await this.datasets.service.state(def);
    const dialect = this.dialectOf(def);
    if (!dialect) throw new AskSetupError(vscode.l10n.t('The datasource "{0}" of dataset "{1}" is not defined', def.datasource, name), vscode.l10n.t('Add the datasource, then save the example again.'));
    const [files, store, embedder, { saveExample }] = await Promise.all([
      this.datasets.service.files(name),
      this.models.vectorStore(),
      this.models.embedderForId(state.embedder?.id ?? 'builtin-hash-v1-1024'),
      import('../../core/ask/index.js'),
    ]);
    const r = await saveExample(name, question, sql, { datasets: files, state, store, embedder, dialect });
    this.datasets.service.fireChanged();
    const message = !r.addedToFile
      ? r.upserted
        ? vscode.l10n.t('This example was already in dataset "{0}"; it is in the trained examples too.', name)
        : vscode.l10n.t('This example was already in dataset "{0}".', name)
      : r.upserted
        ? vscode.l10n.t('Saved as an example of "{0}": it is in the dataset file and the trained examples, so the next questions can use it.', name)
        : vscode.l10n.t('Saved as an example of "{0}" in the dataset file; it is used after the dataset is trained.', name);
    this.ctx.log.info(`Saved example in "${name}" (file: ${r.addedToFile ? 'added' : 'already there'}, collection: ${r.upserted ? 'upserted' : 'not trained'})`);
    return { message, addedToFile: r.addedToFile, upserted: r.upserted, id: r.id };
  }

  /** Error and explanation texts pass through the redactor before they leave the host. */
  private scrubbed(a: AskAnswer): AskAnswer {
    return {
      ...a,
      explanation: this.clean(a.explanation),
      error: a.error && { message: this.clean(a.error.message), ...(a.error.hint ? { hint: this.clean(a.error.hint) } : {}) },
    };
  }
}

/** The failure shown in the panel for an error thrown while asking or running. */
export function failureOf(err: unknown, clean: (s: string) => string): { message: string; hint?: string; action?: AskAction } {
  const d = describe(err, (m) => vscode.l10n.t(m.message, ...m.args));
  const message = clean(d.message);
  const hint = d.hint ? clean(d.hint) : undefined;
  let action = (err as { action?: AskAction } | undefined)?.action;
  if (!action && err instanceof TableTalkError && err.code === 'not-trained') action = 'trainDataset';
  if (!action && err instanceof TableTalkError && err.code === 'llm') action = 'configureLlm';
  return { message, ...(hint ? { hint } : {}), ...(action ? { action } : {}) };
}
