// Runs H3's training pipeline for a dataset inside VS Code: one run per dataset, a cancellable progress
// notification, live state for the Datasets view, and the outcome told the way the user needs it
// (completed: counts; cancelled: not an error; failed: the reason and what to do).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetDefinition } from '../../core/dataset/types';
import type { TrainDeps } from '../../core/training/pipeline';
import { connectingProgress } from '../../core/training/progress';
import type { TableTalkContext } from '../context';
import { describeError } from '../logging';
import { errorHintOf, errorTextOf, TableTalkError } from '../../core/errors';
import { l10n } from '../../core/messages';
import { english, type FlatMessage, type Text } from '../../core/messages';
import { runErrorText, sentences } from '../../core/dataset/run-state';
import { renderExplanation } from '../../core/ask/explanation';
import { describeErrorIn } from '../datasources/error-text';
import type { DatasetService } from '../datasets/service';
import type { ModelsFeature } from '../vector/register';
import { ProgressNotifications } from './notification';
import { TrainingRuns, type TrainingRun, type TrainOutcome } from './runs';


export interface TrainRequest {
  /** Open the progress notification (default true). */
  notify?: boolean;
  /** Re-embed everything, ignoring what the active model already holds. */
  full?: boolean;
}

function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function isAbort(err: unknown, run: TrainingRun): boolean {
  return run.cancelled || (err instanceof Error && err.name === 'AbortError');
}

const render = (m: FlatMessage) => vscode.l10n.t(m.message, ...m.args);

/** An error's reason and hint as sentences (data for the run state, rendered when shown). */
function reasons(err: unknown): Text[] {
  const hint = errorHintOf(err);
  return [errorTextOf(err), ...(hint !== undefined ? [hint] : [])];
}

/** The reason, the hint and whether the old model still answers, as the pipeline writes them, in the display language. */
function failureText(err: TableTalkError, kept: boolean): string {
  return sentences([...reasons(err), ...(kept ? [l10n.t('The previously trained model is unchanged and still answers.')] : [])], render);
}

export class Trainer implements vscode.Disposable {
  readonly runs = new TrainingRuns();
  readonly notifications = new ProgressNotifications();

  constructor(
    private readonly ctx: TableTalkContext,
    private readonly datasets: DatasetService,
    private readonly models: ModelsFeature,
  ) {}

  /** Trains the dataset and resolves with the outcome (it never rejects). */
  async train(def: DatasetDefinition, request: TrainRequest = {}): Promise<TrainOutcome> {
    const running = this.runs.get(def.collection);
    if (running) return this.refuse(def, vscode.l10n.t('Dataset "{0}" is already training ({1}). Wait for it to finish or cancel it, then train again.', def.name, `${Math.round(running.progress.percent)}%`), running);
    const run = this.runs.start(def.collection, def.name);
    if (request.notify !== false) this.notifications.show(run);
    this.ctx.log.info(`Training dataset "${def.name}" (collection ${def.collection}, ${def.tables.length} tables)`);
    const outcome = await this.execute(def, run, request).catch((err: unknown) => this.failed(def, run, err));
    run.end(outcome);
    return outcome;
  }

  private async execute(def: DatasetDefinition, run: TrainingRun, request: TrainRequest): Promise<TrainOutcome> {
    const state = await this.datasets.state(def);
    if (state.status === 'training') {
      // Recovery left it alone, so a live process (another window, the CLI) owns that run.
      const who = state.run ? vscode.l10n.t('process {0} on {1}', state.run.pid, state.run.hostname) : vscode.l10n.t('another process');
      return this.refuse(def, vscode.l10n.t('Dataset "{0}" is already being trained by {1}. Wait for it to finish, then train again.', def.name, who));
    }
    const { signal } = run.controller;
    run.report(connectingProgress());
    // Starting Chroma or connecting can take seconds: a cancel must not wait for them.
    const [driver, store, embedder, llm, { train }, { TrainingError, TrainingInProgressError }] = await untilAborted(signal, Promise.all([
      this.ctx.getDriver(def.datasource).catch((err: unknown) => {
        if (!this.ctx.datasources.get(def.datasource)) {
          throw Object.assign(new Error(vscode.l10n.t('The datasource "{0}" of dataset "{1}" is not defined', def.datasource, def.name)), {
            hint: vscode.l10n.t('Add a datasource with id "{0}" (TableTalk: Add Datasource), or point the dataset file at an existing datasource id.', def.datasource),
          });
        }
        throw err;
      }),
      this.models.vectorStore(),
      this.models.embedder(),
      this.llmOrTemplates(),
      import('../../core/training/pipeline.js'),
      import('../../core/training/errors.js'),
    ]));
    const valuesDir = path.join(this.ctx.extension.globalStorageUri.fsPath, 'values');
    const deps: TrainDeps = { driver, store, embedder, llm, runState: this.datasets.runState, valuesDir, lock: { root: this.datasets.placeOf(def).root, tool: 'VS Code' }, log: (line) => this.ctx.log.debug(`training ${def.name}: ${line}`) };
    const sampleValues = vscode.workspace.getConfiguration('tabletalk.training').get<boolean>('sampleValues', true);
    try {
      const result = await train(def, deps, { signal, full: request.full, sampleValues, onProgress: (p) => run.report(p) });
      for (const s of result.values?.skipped ?? []) if (s.reason === 'unreadable' || s.reason === 'timeout') this.ctx.log.warn(`Values of ${s.table}.${s.column} were not sampled (${s.reason}): ${s.detail ?? ''}`);
      const dropped = result.dropped.filter((d) => d.source === 'user' && !d.refused);
      this.ctx.log.info(`Trained dataset "${def.name}" in ${result.ms} ms: ${result.counts.ddl} DDL, ${result.counts.documentation} documentation, ${result.counts.sql} examples; ${result.embedded} embedded, ${result.copied} reused, ${result.embeddingCalls} embedding calls, ${result.llmCalls} LLM calls, ${result.dropped.length} generated examples dropped`);
      // Short enough not to be cut off in the toast, with the next steps as buttons (the time is in the log).
      const askNow = vscode.l10n.t('Ask a Question');
      const canvas = vscode.l10n.t('Open Canvas');
      void vscode.window.showInformationMessage(vscode.l10n.t('Trained "{0}": {1} DDL, {2} documentation, {3} examples.', def.name, result.counts.ddl, result.counts.documentation, result.counts.sql), askNow, canvas).then((choice) => {
        if (choice === askNow) void vscode.commands.executeCommand('tabletalk.ask', { dataset: def.name });
        else if (choice === canvas) void vscode.commands.executeCommand('tabletalk.openModelingCanvas', def.name);
      });
      const refused = result.dropped.filter((d) => d.refused);
      if (refused.length) {
        const list = refused.map((d) => `"${d.question}"`).join(', ');
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} example queries were refused by the SQL guard and never ran (they would write, read server files, take locks or use functions TableTalk does not know): {1}.', refused.length, list));
      }
      if (dropped.length) {
        const list = dropped.map((d) => `"${d.question}": ${d.errorText ? renderExplanation(d.errorText, render) : d.error}`).join('; ');
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} of your examples failed against the database and were not trained: {1}. Fix them in the dataset file and train again.', dropped.length, list));
      }
      return { status: 'completed', dataset: def.name, counts: result.counts, collections: result.collections, ms: result.ms, embeddingCalls: result.embeddingCalls, dropped: result.dropped.length, refused: refused.length };
    } catch (err) {
      if (err instanceof TrainingInProgressError) return this.refuse(def, sentences(reasons(err), render));
      if (err instanceof TrainingError && err.status === 'cancelled') return this.cancelled(def);
      if (err instanceof TrainingError) {
        // The pipeline already wrote `failed` with the reason, the hint and whether the old model still answers.
        const state = this.datasets.runState.peek(def);
        const stored = runErrorText(state, render) ?? describeErrorIn(err, vscode.l10n);
        // The state keeps what the pipeline wrote, as data and in English (the CLI reads that); the toast says the
        // same from the error's own messages, in the display language.
        this.notifyFailure(def, failureText(err, !!state.activeCollections), err);
        return { status: 'failed', dataset: def.name, message: stored };
      }
      throw err;
    }
  }

  /** The LLM for example generation; training falls back to templates (and says so) when it cannot be used. */
  private async llmOrTemplates(): Promise<TrainDeps['llm']> {
    try {
      return await this.models.llm();
    } catch (err) {
      this.ctx.log.warn(`LLM unavailable, training uses template examples: ${describeError(err)}`);
      void vscode.window.showWarningMessage(vscode.l10n.t('The configured LLM cannot be used ({0}); training builds example questions from templates instead.', describeErrorIn(err, vscode.l10n)));
      return undefined;
    }
  }

  /** A run that ended before or outside the pipeline's own handling (setup failed, cancelled while connecting). */
  private async failed(def: DatasetDefinition, run: TrainingRun, err: unknown): Promise<TrainOutcome> {
    if (isAbort(err, run)) {
      const errorText = [l10n.t('Training was cancelled before it started. Nothing was changed.')];
      await this.datasets.runState.update(def, { status: 'cancelled', step: null, error: sentences(errorText, english), errorText, run: null });
      return this.cancelled(def);
    }
    const state = this.datasets.runState.peek(def);
    const kept = state.activeCollections ? [l10n.t('The previously trained model is unchanged.')] : [];
    const errorText = [...reasons(err), ...kept];
    if (state.status !== 'training') await this.datasets.runState.update(def, { status: 'failed', step: null, error: sentences(errorText, english), errorText, run: null });
    const message = sentences([describeErrorIn(err, vscode.l10n), ...kept], render);
    this.notifyFailure(def, message, err);
    return { status: 'failed', dataset: def.name, message };
  }

  private cancelled(def: DatasetDefinition): TrainOutcome {
    const state = this.datasets.runState.peek(def);
    const message = state.activeCollections ? vscode.l10n.t('Training of "{0}" was cancelled. The previously trained model is unchanged.', def.name) : vscode.l10n.t('Training of "{0}" was cancelled.', def.name);
    this.ctx.log.info(`Training of dataset "${def.name}" was cancelled`);
    void vscode.window.showInformationMessage(message);
    return { status: 'cancelled', dataset: def.name, message };
  }

  private notifyFailure(def: DatasetDefinition, message: string, err: unknown): void {
    this.ctx.log.error(`Training of dataset "${def.name}" failed`, err);
    const again = vscode.l10n.t('Train Again');
    const open = vscode.l10n.t('Open Dataset File');
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showErrorMessage(vscode.l10n.t('Training "{0}" failed: {1}', def.name, message), again, open, showLog).then((choice) => {
      if (choice === again) void vscode.commands.executeCommand('tabletalk.trainDataset', def.name);
      if (choice === open) void vscode.commands.executeCommand('tabletalk.openDatasetFile', def.name);
      if (choice === showLog) this.ctx.log.show();
    });
  }

  private refuse(def: DatasetDefinition, message: string, running?: TrainingRun): TrainOutcome {
    this.ctx.log.info(`Refused to train dataset "${def.name}": ${message}`);
    const show = vscode.l10n.t('Show Progress');
    const cancel = vscode.l10n.t('Cancel Training');
    const actions = running ? [show, cancel] : [];
    void vscode.window.showWarningMessage(message, ...actions).then((choice) => {
      if (running && choice === show) this.notifications.show(running);
      if (running && choice === cancel) running.cancel();
    });
    return { status: 'refused', dataset: def.name, message };
  }

  /** Cancels the dataset's run in this window; false when it has none. */
  cancel(collection: string): boolean {
    const run = this.runs.get(collection);
    if (!run) return false;
    this.ctx.log.info(`Cancelling the training of dataset "${run.datasetName}"`);
    run.cancel();
    return true;
  }

  dispose(): void {
    this.notifications.dispose();
    this.runs.dispose();
  }
}
