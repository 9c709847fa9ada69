// The training run: extract DDL -> train DDL -> train documentation -> generate (and check) examples ->
// train examples -> activate. Everything is written into staging collections; the dataset switches to them
// only when every step succeeded, so a failed or cancelled run leaves the previous model answering.
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Driver, Table } from '../datasource/types';
import { belongsToDataset, newRunId, stagingCollectionName, type CollectionKind } from '../dataset/naming';
import { HEARTBEAT_MS, markRunDone, markRunLive, sentences, type RunStateStore } from '../dataset/run-state';
import { acquireTrainLock, TrainLockHeldError, type TrainLock } from '../dataset/train-lock';
import type { DatasetDefinition, DatasetRunState, RunOwner, TableRef } from '../dataset/types';
import type { LlmProvider } from '../llm/provider';
import { checkVectors, type Embedder } from '../vector/embedder';
import type { VectorRecord, VectorStore } from '../vector/vector-store';
import { createTableDdl, matchesTable } from './ddl';
import { documentationItems } from './documentation';
import { TrainingError, TrainingInProgressError } from './errors';
import { checkExample, exampleItem, guardExample, genKeyOf, llmExamples, templateExamples, userExamples, type DroppedExample, type ExampleCandidate, type LlmBatch } from './examples';
import { contentHash, makeItem, tablesTag, type TrainingItem } from './items';
import { STEP_RANGES, type TrainingProgress, type TrainingStep } from './progress';
import { l10n } from '../messages';
import { english, type Message, type Text } from '../messages';
import { describe, errorHintOf, errorTextOf } from '../errors';
import { joinEdges, type JoinEdge } from './relationships';
import { buildValueIndex } from '../values/train';
import { removeValues, type ValueIndexInfo } from '../values/store';
import { modelHash } from '../modeling/hash';
import { guardId } from '../ask/guard-id';

export interface TrainDeps {
  /** An open connection to the dataset's datasource; the caller closes it. */
  driver: Driver;
  store: VectorStore;
  embedder: Embedder;
  runState: RunStateStore;
  /** When given, example pairs come from the LLM (checked against the database like any other). */
  llm?: LlmProvider;
  log?: (line: string) => void;
  /**
   * The cross-process training lock: taken in `<root>/.tabletalk/state/locks/` (the folder holding the dataset
   * files), so two processes (two CLI runs, CLI and VS Code) never train one dataset at once. `tool` names the
   * holder in the refusal message.
   */
  lock?: { root: string; tool: string };
  /** Folder for the value index files; without it no values are sampled and the run state's index is left as is. */
  valuesDir?: string;
}

export interface TrainOptions {
  signal?: AbortSignal;
  onProgress?: (p: TrainingProgress) => void;
  /** Texts per embedding call (capped by the embedder's maxBatch); default 256. */
  embedBatchSize?: number;
  /** LLM calls per run at most; tables beyond get template examples. Default 20. */
  maxLlmCalls?: number;
  /** Tables per LLM prompt; default 6. */
  llmBatchTables?: number;
  /** Re-embed and regenerate everything, ignoring what the active model already holds. */
  full?: boolean;
  /** Sample column values for the value index (setting tabletalk.training.sampleValues); default true. */
  sampleValues?: boolean;
}

export type Collections = { ddl: string; documentation: string; sql: string };
export type Counts = { ddl: number; documentation: number; sql: number };

export interface TrainResult {
  status: 'completed';
  runId: string;
  collections: Collections;
  counts: Counts;
  /** Texts embedded in this run (0 when nothing changed). */
  embedded: number;
  /** Vectors copied from the previously active model instead of being embedded again. */
  copied: number;
  embeddingCalls: number;
  llmCalls: number;
  /** Kinds whose active collection was kept because its content did not change. */
  unchanged: CollectionKind[];
  dropped: DroppedExample[];
  ms: number;
  /** The value index of the new model (null when no values folder was given). */
  values: ValueIndexInfo | null;
}

// Datasets training in this process, by collection prefix: the in-process half of the concurrency check.
const training = new Set<string>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, sleep(ms).then(() => undefined)]);
}

/** Resolves the dataset's table refs against the introspected schema; names the ones that are gone. */
export function resolveTables(refs: TableRef[], tables: Table[]): { found: Table[]; missing: TableRef[] } {
  const found: Table[] = [];
  const missing: TableRef[] = [];
  for (const ref of refs) {
    const t = tables.find((x) => x.name === ref.name && (ref.schema === null || x.schema === ref.schema)) ?? tables.find((x) => x.name.toLowerCase() === ref.name.toLowerCase() && (ref.schema === null || x.schema === ref.schema));
    if (t) found.push(t);
    else missing.push(ref);
  }
  return { found, missing };
}

/** An error's text and hint as data (a TableTalkError's Messages; any other error's words as they came). */
function texts(e: unknown): { text: Text; hint?: Text } {
  return { text: errorTextOf(e), hint: errorHintOf(e) };
}

/** An error in English, for the log. */
const logText = (e: unknown): string => describe(e, english).message;

export async function train(dataset: DatasetDefinition, deps: TrainDeps, options: TrainOptions = {}): Promise<TrainResult> {
  if (training.has(dataset.collection)) throw new TrainingInProgressError(dataset.name, l10n.t('in this process'));
  training.add(dataset.collection);
  let lock: TrainLock | undefined;
  try {
    // The lock first: with it held, a `training` state left in the run state can only be a dead run's.
    if (deps.lock) {
      try {
        lock = acquireTrainLock(deps.lock.root, dataset.collection, dataset.name, deps.lock.tool);
      } catch (e) {
        if (e instanceof TrainLockHeldError) throw new TrainingInProgressError(dataset.name, e.whereText);
        throw e;
      }
    }
    const before = await deps.runState.get(dataset);
    if (before.status === 'training') throw new TrainingInProgressError(dataset.name, before.run ? l10n.t('process {0} on {1} since {2}', before.run.pid, before.run.hostname, before.run.startedAt) : l10n.t('another process'));
    return await new Run(dataset, deps, options, before).execute();
  } finally {
    lock?.release();
    training.delete(dataset.collection);
  }
}

class Run {
  private readonly runId = newRunId();
  private readonly owner: RunOwner;
  private readonly staging: string[] = [];
  private stagedValues: string | null = null;
  private readonly signal?: AbortSignal;
  private percent = 0;
  private writes: Promise<unknown> = Promise.resolve();
  private lastWrite = 0;
  /** Set just before the final state write: later progress or heartbeats must not touch the state again. */
  private finished = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private dimension = 0;
  private embedded = 0;
  private copied = 0;
  private llmCalls = 0;
  private readonly callsAtStart: number;
  private readonly started = performance.now();

  constructor(private readonly dataset: DatasetDefinition, private readonly deps: TrainDeps, private readonly options: TrainOptions, private readonly before: DatasetRunState) {
    const now = new Date().toISOString();
    this.owner = { id: this.runId, pid: process.pid, hostname: hostname(), startedAt: now, heartbeatAt: now };
    this.signal = options.signal;
    this.callsAtStart = deps.embedder.stats.calls;
  }

  private log(line: string): void {
    this.deps.log?.(line);
  }

  /** Reports progress within a step (fraction 0–1) and mirrors it, throttled, into the run state. */
  private progress(step: TrainingStep, fraction: number, message: Message): void {
    const [from, to] = STEP_RANGES[step];
    this.percent = Math.max(this.percent, Math.min(100, from + (to - from) * Math.max(0, Math.min(1, fraction))));
    const p: TrainingProgress = { percent: Math.round(this.percent), step, message };
    this.options.onProgress?.(p);
    const now = Date.now();
    if (now - this.lastWrite > 400 || fraction === 0) {
      this.lastWrite = now;
      this.queueState({ progress: p.percent, step });
    }
  }

  private queueState(patch: Partial<DatasetRunState>): void {
    if (this.finished) return;
    this.writes = this.writes.then(() => this.deps.runState.update(this.dataset, patch)).catch((e: unknown) => this.log(`run state: ${logText(e)}`));
  }

  private fail(message: Text, hint?: Text): never {
    throw new TrainingError(message, 'failed', hint);
  }

  async execute(): Promise<TrainResult> {
    const { runState } = this.deps;
    // Live before the state names this run: a get() in this process meanwhile (the Datasets view, an open canvas,
    // reacting to the state change) would otherwise take it for a run left by a dead process and mark it failed.
    markRunLive(this.runId);
    try {
      await runState.set(this.dataset, { ...this.before, status: 'training', progress: 0, step: 'prepare', error: null, errorText: null, run: this.owner });
      // Two processes can pass the check at the same moment: the last writer owns the run.
      if (runState.peek(this.dataset).run?.id !== this.runId) throw new TrainingInProgressError(this.dataset.name, l10n.t('another process started it at the same moment'));
    } catch (e) {
      markRunDone(this.runId);
      throw e;
    }
    this.heartbeat = setInterval(() => this.queueState({ run: { ...this.owner, heartbeatAt: new Date().toISOString() } }), HEARTBEAT_MS);
    this.heartbeat.unref();
    try {
      return await this.steps();
    } catch (e) {
      const cancelled = this.signal?.aborted === true;
      const why = texts(e);
      const kept = this.before.activeCollections ? [l10n.t('The previously trained model is unchanged and still answers.')] : [];
      // Stored as data (rendered in the reader's language when shown) and as English (logs, older readers).
      const errorText: Text[] = cancelled ? [l10n.t('Training was cancelled'), ...kept] : [why.text, ...(why.hint !== undefined ? [why.hint] : []), ...kept];
      await this.finish();
      await runState.update(this.dataset, { status: cancelled ? 'cancelled' : 'failed', step: null, error: sentences(errorText, english), errorText, run: null });
      this.log(`training ${this.dataset.name}: ${cancelled ? 'cancelled' : `failed: ${logText(e)}`}`);
      if (this.stagedValues) removeValues(this.stagedValues);
      await withTimeout(this.dropStaging(), cancelled ? 1500 : 5000);
      throw new TrainingError(cancelled ? l10n.t('Training was cancelled') : why.text, cancelled ? 'cancelled' : 'failed', cancelled ? undefined : why.hint, { cause: e });
    } finally {
      this.stopHeartbeat();
      markRunDone(this.runId);
    }
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** Stops heartbeats and progress writes and waits for the queued ones, before the final state is written. */
  private async finish(): Promise<void> {
    this.finished = true;
    this.stopHeartbeat();
    await this.writes;
  }

  private async dropStaging(): Promise<void> {
    for (const name of this.staging) {
      try {
        await this.deps.store.deleteCollection(name);
      } catch (e) {
        this.log(`could not delete staging collection ${name} (it is removed on the next training): ${logText(e)}`);
      }
    }
  }

  private async steps(): Promise<TrainResult> {
    const { driver, store } = this.deps;
    const { dataset, signal } = this;

    this.progress('prepare', 0, l10n.t('reading the schema'));
    if (!dataset.tables.length) this.fail(l10n.t('Dataset "{0}" has no tables', dataset.name), l10n.t('Choose the tables to train (Change Tables, or --tables) and train again.'));
    let schemaTables: Table[];
    try {
      schemaTables = (await driver.introspect({ signal })).tables;
    } catch (e) {
      if (signal?.aborted) throw e;
      const why = texts(e);
      this.fail(l10n.t('Cannot read the schema of the datasource: {0}', why.text), why.hint ?? l10n.t('Check that the database is running and reachable.'));
    }
    const { found: tables, missing } = resolveTables(dataset.tables, schemaTables);
    if (missing.length) {
      const names = missing.map((m) => (m.schema ? `${m.schema}.${m.name}` : m.name)).join(', ');
      this.fail(missing.length === 1 ? l10n.t('Table {0} of dataset "{1}" no longer exists in the database', names, dataset.name) : l10n.t('Tables {0} of dataset "{1}" no longer exist in the database', names, dataset.name), l10n.t('Remove them from the dataset (or restore them in the database) and train again.'));
    }
    this.progress('prepare', 0.5, l10n.t('checking the vector store'));
    await store.heartbeat(signal);
    await this.dropLeftovers();

    this.progress('extract DDL', 0, l10n.t('{0} tables', tables.length));
    const dialect = driver.dialect;
    const ddlByTable = new Map<Table, string>();
    for (const t of tables) ddlByTable.set(t, createTableDdl(t, dialect, dataset.modeling.relationships, tables));
    const ddlItems = tables.map((t) => makeItem('ddl', ddlByTable.get(t) as string, ddlByTable.get(t) as string, { table: t.name, schema: t.schema ?? '', tables: tablesTag([t.name]) }));
    const values = await this.values(tables);
    this.progress('extract DDL', 1, l10n.t('{0} CREATE TABLE statements', ddlItems.length));

    const ddl = await this.writeKind('ddl', ddlItems, 'train DDL');

    const edges = joinEdges(tables, dataset.modeling.relationships);
    const docItems = documentationItems(dataset, tables, edges, dialect);
    const docs = await this.writeKind('documentation', docItems, 'train documentation');

    const { items: sqlItems, dropped } = await this.examples(tables, edges, ddlByTable, ddl.reused);
    const sql = await this.writeKind('sql', sqlItems, 'train examples');

    this.progress('activate', 0, l10n.t('switching to the new model'));
    signal?.throwIfAborted();
    const collections: Collections = { ddl: ddl.name, documentation: docs.name, sql: sql.name };
    const counts: Counts = { ddl: ddlItems.length, documentation: docItems.length, sql: sqlItems.length };
    await this.finish();
    // From here on the run has succeeded: the swap is one state write.
    await this.deps.runState.update(dataset, {
      status: 'completed',
      progress: 100,
      step: null,
      error: null,
      errorText: null,
      lastTrainedAt: new Date().toISOString(),
      activeCollections: collections,
      trainedModelHash: modelHash(dataset.modeling.relationships),
      embedder: { id: this.deps.embedder.id, dimension: this.dimension || this.deps.embedder.dimension },
      counts,
      run: null,
      damaged: null,
      ...(values ? { values } : {}),
      examplesGuard: guardId,
    });
    this.stagedValues = null;
    const oldValues = this.before.values?.file;
    if (values && oldValues && oldValues !== values.file) removeValues(oldValues);
    const old = this.before.activeCollections;
    if (old) {
      for (const kind of ['ddl', 'documentation', 'sql'] as const) {
        if (old[kind] !== collections[kind]) await store.deleteCollection(old[kind]).catch((e: unknown) => this.log(`could not delete old collection ${old[kind]}: ${logText(e)}`));
      }
    }
    const unchanged = ([['ddl', ddl], ['documentation', docs], ['sql', sql]] as const).filter(([, r]) => r.reused).map(([k]) => k);
    const ms = Math.round(performance.now() - this.started);
    this.progress('activate', 1, dropped.length ? l10n.t('done in {0} ms: {1} DDL, {2} documentation, {3} examples ({4} dropped)', ms, counts.ddl, counts.documentation, counts.sql, dropped.length) : l10n.t('done in {0} ms: {1} DDL, {2} documentation, {3} examples', ms, counts.ddl, counts.documentation, counts.sql));
    return {
      status: 'completed',
      runId: this.runId,
      collections,
      counts,
      embedded: this.embedded,
      copied: this.copied,
      embeddingCalls: this.deps.embedder.stats.calls - this.callsAtStart,
      llmCalls: this.llmCalls,
      unchanged,
      dropped,
      ms,
      values,
    };
  }

  /** The value index of this run, written beside the run state; the run state points at it only on success. */
  private async values(tables: Table[]): Promise<ValueIndexInfo | null> {
    const dir = this.deps.valuesDir;
    if (!dir) return null;
    const r = await buildValueIndex({
      driver: this.deps.driver,
      tables,
      dir,
      collection: this.dataset.collection,
      runId: this.runId,
      previous: this.before.values,
      full: this.options.full,
      enabled: this.options.sampleValues !== false,
      signal: this.signal,
      log: (line) => this.log(line),
    });
    this.stagedValues = r.info.file;
    this.log(`value index: ${r.info.values} values of ${r.info.columns} columns (${r.sampledTables.length} tables sampled, ${tables.length - r.sampledTables.length} kept); ${r.info.skipped.length} columns skipped`);
    return r.info;
  }

  /**
   * Staging collections of runs that died (crash, reload) are deleted; the active ones never are, nor any of a
   * dataset whose state could not be read (which of them answers is unknown then).
   */
  private async dropLeftovers(): Promise<void> {
    if (this.before.damaged) {
      this.log('the run state was damaged: leftover collections are kept');
      return;
    }
    const active = new Set(Object.values(this.before.activeCollections ?? {}));
    const names = await this.deps.store.listCollections(this.signal);
    for (const n of names) {
      if (belongsToDataset(this.dataset.collection, n) && !active.has(n)) {
        this.log(`deleting leftover collection ${n}`);
        await this.deps.store.deleteCollection(n, this.signal);
      }
    }
  }

  /**
   * Writes one kind's items. Unchanged content keeps the active collection as it is (no writes, no embedding
   * calls); otherwise a staging collection gets the vectors of items the active model already has (copied) and
   * embeddings for the new ones, in batches.
   */
  private async writeKind(kind: CollectionKind, items: TrainingItem[], step: TrainingStep): Promise<{ name: string; reused: boolean }> {
    const { store, embedder } = this.deps;
    const { signal } = this;
    const hash = contentHash(items);
    const active = this.before.activeCollections?.[kind];
    const activeMeta = active ? await store.info(active, signal) : null;
    const sameEmbedder = !!activeMeta && activeMeta.embedder === embedder.id;
    if (active && activeMeta && sameEmbedder && !this.options.full && activeMeta.contentHash === hash && (await store.count(active, signal)) === items.length) {
      this.dimension ||= activeMeta.dimension;
      this.progress(step, 1, l10n.t('{0} items unchanged, kept', items.length));
      return { name: active, reused: true };
    }
    const name = stagingCollectionName(this.dataset.collection, kind, this.runId);
    let created = false;
    const ensure = async (dimension: number) => {
      if (created) return;
      this.staging.push(name);
      await store.createCollection(name, { embedder: embedder.id, dimension, kind, contentHash: hash, items: items.length, runId: this.runId }, signal);
      created = true;
      this.dimension ||= dimension;
    };
    const total = items.length;
    let done = 0;
    this.progress(step, 0, l10n.t('{0} items', total));
    const have = new Set<string>();
    if (active && sameEmbedder && !this.options.full) {
      const byId = new Map(items.map((i) => [i.id, i]));
      const ids = [...byId.keys()];
      for (let i = 0; i < ids.length; i += 500) {
        const recs = await store.getByIds(active, ids.slice(i, i + 500), { embeddings: true, signal });
        const usable: VectorRecord[] = recs.filter((r) => r.embedding?.length).map((r) => {
          const item = byId.get(r.id) as TrainingItem;
          return { id: item.id, document: item.document, metadata: item.metadata, embedding: r.embedding };
        });
        if (!usable.length) continue;
        await ensure((usable[0].embedding as number[]).length);
        await store.upsert(name, usable, signal);
        for (const r of usable) have.add(r.id);
        this.copied += usable.length;
        done += usable.length;
        this.progress(step, done / total, l10n.t('{0} of {1} items ({2} kept from the previous model)', done, total, this.copied));
      }
    }
    const missing = items.filter((i) => !have.has(i.id));
    const size = Math.max(1, Math.min(this.options.embedBatchSize ?? 256, embedder.maxBatch));
    for (let i = 0; i < missing.length; i += size) {
      signal?.throwIfAborted();
      const batch = missing.slice(i, i + size);
      const vectors = await embedder.embed(batch.map((b) => b.embedText), signal);
      checkVectors(embedder, vectors, batch.length);
      if (this.dimension && vectors[0].length !== this.dimension) this.fail(l10n.t('Embedder {0} changed its vector length from {1} to {2} during training', embedder.id, this.dimension, vectors[0].length), l10n.t('Check the embedding model setting and train again.'));
      await ensure(vectors[0].length);
      await store.upsert(name, batch.map((b, j) => ({ id: b.id, document: b.document, metadata: b.metadata, embedding: vectors[j] })), signal);
      this.embedded += batch.length;
      done += batch.length;
      this.progress(step, done / total, l10n.t('{0} of {1} items embedded', done, total));
    }
    await ensure(this.dimension || embedder.dimension);
    const stored = await store.count(name, signal);
    if (stored !== total) this.fail(l10n.t('The vector store holds {0} of {1} {2} items after writing', stored, total, kind), l10n.t('Check the Chroma server log and train again.'));
    return { name, reused: false };
  }

  /** Candidates from the LLM or templates plus the user's, each checked against the database. */
  private async examples(tables: Table[], edges: JoinEdge[], ddlByTable: Map<Table, string>, ddlUnchanged: boolean): Promise<{ items: TrainingItem[]; dropped: DroppedExample[] }> {
    const { driver, store, llm } = this.deps;
    const { signal } = this;
    const dialect = driver.dialect;
    const step: TrainingStep = 'generate examples';
    const activeSql = this.before.activeCollections?.sql;
    const reuse = !this.options.full && !!activeSql && (await store.info(activeSql, signal)) !== null;
    const items: TrainingItem[] = [];
    const dropped: DroppedExample[] = [];
    const names = tables.map((t) => t.name);

    const sameGuard = guardId !== null && this.before.examplesGuard === guardId;
    // With an unchanged schema, a pair the active model already holds was checked when it was trained.
    const checkedBefore = new Set<string>();
    const knowChecked = async (candidates: ExampleCandidate[]) => {
      if (!reuse || !ddlUnchanged || !activeSql || !candidates.length) return;
      const recs = await store.getByIds(activeSql, candidates.map((c) => exampleItem(c).id), { signal });
      for (const r of recs) checkedBefore.add(r.id);
    };
    const check = async (candidates: ExampleCandidate[], from: number, to: number): Promise<number> => {
      await knowChecked(candidates);
      let kept = 0;
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i];
        const item = exampleItem(c);
        // The guard runs even for pairs the active model holds (a model trained by an older guard may hold one),
        // unless that model's examples all passed this very guard (the same build of it: see guard-id.ts).
        const why = checkedBefore.has(item.id) ? (sameGuard ? null : guardExample(c, dialect)) : await checkExample(driver, c, signal);
        if (why) {
          dropped.push({ question: c.question, sql: c.sql, source: c.source, error: why.error, ...(why.text ? { errorText: why.text } : {}), ...(why.refused ? { refused: why.refused } : {}) });
          this.log(`dropped example "${c.question}"${why.refused ? ' (refused by the SQL guard)' : ''}: ${why.error}`);
        } else {
          items.push(item);
          kept++;
        }
        if (i % 10 === 0 || i === candidates.length - 1) this.progress(step, from + ((to - from) * (i + 1)) / candidates.length, l10n.t('{0} examples checked against the database, {1} dropped', items.length, dropped.length));
      }
      return kept;
    };

    this.progress(step, 0, llm ? l10n.t('asking {0}', llm.id) : l10n.t('building examples from the schema'));
    if (llm) {
      const per = Math.max(1, this.options.llmBatchTables ?? 6);
      const batches: Table[][] = [];
      for (let i = 0; i < tables.length; i += per) batches.push(tables.slice(i, i + per));
      const maxCalls = this.options.maxLlmCalls ?? 20;
      const share = 0.85 / Math.max(1, batches.length);
      for (let b = 0; b < batches.length; b++) {
        const bt = batches[b];
        const inBatch = edges.filter((e) => bt.includes(e.child) && bt.includes(e.parent));
        const batch: LlmBatch = {
          tables: bt,
          ddl: bt.map((t) => ddlByTable.get(t) as string),
          joins: inBatch.map((e) => `${e.child.name}.${e.childColumns.join(',')} -> ${e.parent.name}.${e.parentColumns.join(',')}`),
          terms: this.dataset.terms.filter((t) => !t.tables?.length || t.tables.some((x) => bt.some((tt) => matchesTable(x, tt)))),
        };
        const from = b * share;
        const genKey = genKeyOf(llm.id, dialect, batch);
        if (reuse && activeSql) {
          const earlier = await store.getWhere(activeSql, { genKey }, { signal });
          if (earlier.length) {
            for (const r of earlier) items.push({ id: r.id, kind: 'sql', document: r.document, embedText: String(r.metadata.question ?? ''), metadata: r.metadata });
            this.progress(step, from + share, l10n.t('{0} examples for {1} kept from the previous model', earlier.length, bt.map((t) => t.name).join(', ')));
            continue;
          }
        }
        let kept = 0;
        if (this.llmCalls < maxCalls) {
          this.llmCalls++;
          this.progress(step, from, l10n.t('asking {0} about {1}', llm.id, bt.map((t) => t.name).join(', ')));
          const candidates = await llmExamples(llm, batch, dialect, genKey, signal);
          if (!candidates.length) this.log(`the LLM answer for ${bt.map((t) => t.name).join(', ')} held no usable question/SQL pairs`);
          kept = await check(candidates, from, from + share / 2);
        }
        // Tables the LLM gave nothing usable for still get examples.
        if (!kept) await check(templateExamples(bt, inBatch, dialect), from + share / 2, from + share);
      }
    } else {
      await check(templateExamples(tables, edges, dialect), 0, 0.85);
    }
    await check(userExamples(this.dataset.examples, names), 0.85, 1);
    const unique = new Map(items.map((i) => [i.id, i]));
    return { items: [...unique.values()], dropped };
  }
}
