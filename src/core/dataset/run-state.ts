// Run state (status, progress, active collections) per dataset, kept outside the committed definition file.
// The VS Code host backs it with a Memento (extension storage), the CLI with one file per dataset under
// <dir>/.tabletalk/state/runs/, so a damaged file costs one dataset's status and never another's.
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './files';
import type { DatasetDefinition, DatasetRunState, RunOwner } from './types';
import { pidAlive } from '../pid-alive';
import { l10n } from '../messages';
import { english, isMessage, renderText, type Render, type Text } from '../messages';

/** The subset of vscode.Memento the store needs, so the host can pass `context.workspaceState` as is. */
export interface KeyValueBackend {
  keys(): readonly string[];
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** What a backend returns for a key whose stored value could not be read: the damaged bytes were kept aside. */
export interface DamagedValue {
  damaged: { file: string; keptAs: string; at: string };
}

const KEY_PREFIX = 'tabletalk.runState.';

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Creates `path` with `content` only if it does not exist yet (link of a complete temp file: never half written). */
function createExclusive(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, content, 'utf8');
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * One JSON file per key in a directory (`<collection>.json`), re-read on every access so another process's writes
 * are seen. A file that cannot be parsed is renamed to `<file>.damaged-<time>` and read as a DamagedValue, never
 * as "nothing stored". The single `runs.json` of earlier versions is split into per-dataset files on first use.
 */
export class DirectoryBackend implements KeyValueBackend {
  private migrated = false;

  constructor(readonly dir: string, readonly legacyFile?: string) {}

  private fileOf(key: string): string {
    return join(this.dir, `${key.startsWith(KEY_PREFIX) ? key.slice(KEY_PREFIX.length) : encodeURIComponent(key)}.json`);
  }

  private keyOf(file: string): string {
    return KEY_PREFIX + file.slice(0, -'.json'.length);
  }

  /** Where a damaged legacy runs.json went: every dataset without a file of its own may have been in it. */
  private get legacyMarker(): string {
    return join(this.dir, 'legacy-runs-damaged.json');
  }

  private migrate(): void {
    if (this.migrated || !this.legacyFile) return;
    this.migrated = true;
    let text: string;
    try {
      text = readFileSync(this.legacyFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    mkdirSync(this.dir, { recursive: true });
    let all: unknown;
    try {
      all = JSON.parse(text);
    } catch {
      all = undefined;
    }
    const aside = `${this.legacyFile}.${isObject(all) ? 'migrated' : 'damaged'}-${stamp()}`;
    if (isObject(all)) {
      // Another process may be migrating at the same moment: a file that exists already wins.
      for (const [key, value] of Object.entries(all)) if (key.startsWith(KEY_PREFIX)) createExclusive(this.fileOf(key), `${JSON.stringify(value, null, 2)}\n`);
    } else {
      createExclusive(this.legacyMarker, JSON.stringify({ damaged: { file: this.legacyFile, keptAs: aside, at: new Date().toISOString() } }));
    }
    try {
      renameSync(this.legacyFile, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }

  keys(): readonly string[] {
    this.migrate();
    try {
      return readdirSync(this.dir).filter((f) => f.endsWith('.json') && f !== 'legacy-runs-damaged.json').map((f) => this.keyOf(f));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  get<T>(key: string): T | undefined {
    this.migrate();
    const file = this.fileOf(key);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      return existsSync(this.legacyMarker) ? (this.readLegacyMarker() as T | undefined) : undefined;
    }
    try {
      const v: unknown = JSON.parse(text);
      if (isObject(v)) return v as T;
    } catch {
      // damaged: handled below
    }
    const keptAs = `${file}.damaged-${stamp()}`;
    const damaged: DamagedValue = { damaged: { file, keptAs, at: new Date().toISOString() } };
    try {
      renameSync(file, keptAs);
    } catch (e) {
      // Another process moved it aside first: read what is there now.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return this.get(key);
      throw e;
    }
    // The replacement says "damaged" until a train succeeds, so later reads do not take the dataset for untrained.
    createExclusive(file, `${JSON.stringify(damaged, null, 2)}\n`);
    return damaged as T;
  }

  private readLegacyMarker(): DamagedValue | undefined {
    try {
      const v: unknown = JSON.parse(readFileSync(this.legacyMarker, 'utf8'));
      return isObject(v) && isObject(v.damaged) ? (v as unknown as DamagedValue) : undefined;
    } catch {
      return undefined;
    }
  }

  async update(key: string, value: unknown): Promise<void> {
    this.migrate();
    const file = this.fileOf(key);
    if (value === undefined) rmSync(file, { force: true });
    else await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
  }
}

/** `<root>/.tabletalk/state/runs`: the CLI's run-state folder, one `<collection>.json` per dataset. */
export function runStateDir(root: string): string {
  return join(root, '.tabletalk', 'state', 'runs');
}

/** The CLI's run-state file of one dataset. */
export function runStateFile(root: string, collection: string): string {
  return join(runStateDir(root), `${collection}.json`);
}

/** The single run-state file of earlier versions, migrated on first read. */
export function legacyRunStateFile(root: string): string {
  return join(root, '.tabletalk', 'state', 'runs.json');
}

export const HEARTBEAT_MS = 5_000;
/** A run whose heartbeat is older than this is considered dead even if its pid was reused. */
export const STALE_MS = 60_000;

// Runs of this process, by run id: the in-process half of "is that training still alive?".
const liveRuns = new Set<string>();

export function markRunLive(runId: string): void {
  liveRuns.add(runId);
}

export function markRunDone(runId: string): void {
  liveRuns.delete(runId);
}

/** Whether the process that owns a `training` state is still running it. */
export function isOwnerAlive(owner: RunOwner | null | undefined, now = Date.now()): boolean {
  if (!owner) return false;
  if (owner.pid === process.pid && owner.hostname === hostname()) return liveRuns.has(owner.id);
  const fresh = now - Date.parse(owner.heartbeatAt) < STALE_MS;
  if (owner.hostname !== hostname()) return fresh;
  return fresh && pidAlive(owner.pid);
}

export function initialRunState(): DatasetRunState {
  return { status: 'pending', progress: 0, step: null, error: null, lastTrainedAt: null, activeCollections: null, trainedModelHash: null, embedder: null, counts: null, run: null };
}

/** Run state keyed by the dataset's collection prefix, which survives renames of the dataset. */
export class RunStateStore {
  constructor(readonly backend: KeyValueBackend) {}

  static forDirectory(root: string): RunStateStore {
    return new RunStateStore(new DirectoryBackend(runStateDir(root), legacyRunStateFile(root)));
  }

  private key(dataset: Pick<DatasetDefinition, 'collection'>): string {
    return KEY_PREFIX + dataset.collection;
  }

  /** The raw stored state (no recovery); pending when never trained. */
  peek(dataset: Pick<DatasetDefinition, 'collection'>): DatasetRunState {
    const stored = this.backend.get<DatasetRunState | DamagedValue>(this.key(dataset));
    if (stored && !('status' in stored) && 'damaged' in stored) return damagedState(stored.damaged);
    return { ...initialRunState(), ...(stored ?? {}) };
  }

  /** The state, with a `training` left behind by a dead process turned into `failed` (and saved). */
  async get(dataset: Pick<DatasetDefinition, 'collection'>): Promise<DatasetRunState> {
    const state = this.peek(dataset);
    if (state.status !== 'training' || isOwnerAlive(state.run)) return state;
    const recovered = interruptedState(state);
    await this.set(dataset, recovered);
    return recovered;
  }

  async set(dataset: Pick<DatasetDefinition, 'collection'>, state: DatasetRunState): Promise<void> {
    await this.backend.update(this.key(dataset), state);
  }

  async update(dataset: Pick<DatasetDefinition, 'collection'>, patch: Partial<DatasetRunState>): Promise<DatasetRunState> {
    const next = { ...this.peek(dataset), ...patch };
    await this.set(dataset, next);
    return next;
  }

  async remove(dataset: Pick<DatasetDefinition, 'collection'>): Promise<void> {
    await this.backend.update(this.key(dataset), undefined);
  }

  /**
   * Turns every `training` state whose owner is gone into `failed` with a message (call on activation: a window
   * reload kills the extension host mid-training). Returns the collection prefixes it recovered.
   */
  async recoverInterrupted(): Promise<string[]> {
    const recovered: string[] = [];
    for (const key of this.backend.keys()) {
      if (!key.startsWith(KEY_PREFIX)) continue;
      const state = this.backend.get<DatasetRunState>(key);
      if (state?.status === 'training' && !isOwnerAlive(state.run)) {
        await this.backend.update(key, interruptedState({ ...initialRunState(), ...state }));
        recovered.push(key.slice(KEY_PREFIX.length));
      }
    }
    return recovered;
  }
}

/**
 * A dataset whose stored state could not be read: reported as failed (never as "not trained"), with what was kept
 * where. `damaged` stays set until a train succeeds, and keeps the leftover cleanup away from its collections.
 */
function damagedState(d: DamagedValue['damaged']): DatasetRunState {
  const errorText = [
    l10n.t('The training state in {0} could not be read (damaged); it was kept as {1}.', d.file, d.keptAs),
    l10n.t('Whether this dataset was trained is unknown: its collections are left untouched.'),
    l10n.t('Train the dataset again.'),
  ];
  return { ...initialRunState(), status: 'failed', damaged: d, error: sentences(errorText, english), errorText };
}

function interruptedState(state: DatasetRunState): DatasetRunState {
  const errorText = [
    state.run
      ? l10n.t('Training was interrupted: the process running it stopped (process {0} on {1}, last seen {2}), e.g. by a window reload.', state.run.pid, state.run.hostname, state.run.heartbeatAt)
      : l10n.t('Training was interrupted: the process running it stopped, e.g. by a window reload.'),
    state.activeCollections ? l10n.t('The previously trained model is unchanged.') : l10n.t('Nothing was trained.'),
    l10n.t('Train the dataset again.'),
  ];
  return { ...state, status: 'failed', step: null, run: null, error: sentences(errorText, english), errorText };
}

/** Whether a stored value is a Text (a string, or a Message whose arguments are values or Messages), deeply. */
function isText(v: unknown): v is Text {
  return typeof v === 'string' || (isMessage(v) && v.args.every((a) => typeof a === 'number' || isText(a)));
}

const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

/** Sentences rendered and joined, each closed by a full stop unless it has one (。 in a Chinese sentence). */
export function sentences(parts: readonly Text[], render: Render): string {
  const rendered = parts.map((p) => renderText(p, render).trim()).filter((s) => s);
  const closed = rendered.map((s) => (/[.!?。！？]$/.test(s) ? s : CJK.test(s) ? `${s}。` : `${s}.`));
  return closed.join(rendered.some((s) => CJK.test(s)) ? '' : ' ');
}

/**
 * Why the last run failed, in the reader's language: the stored Messages when the state has them, they are well
 * formed and they still say what `error` says (a writer that set only `error` leaves them stale), else the English
 * text as it was stored (states written by earlier versions).
 */
export function runErrorText(state: Pick<DatasetRunState, 'error' | 'errorText'>, render: Render): string | null {
  const parts = state.errorText;
  if (state.error !== null && Array.isArray(parts) && parts.length && parts.every(isText) && sentences(parts, english) === state.error) return sentences(parts, render);
  return state.error;
}
