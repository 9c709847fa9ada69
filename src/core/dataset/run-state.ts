// Run state (status, progress, active collections) per dataset, kept outside the committed definition file.
// The VS Code host backs it with a Memento (extension storage), the CLI with <dir>/.tabletalk/state/runs.json.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './files';
import type { DatasetDefinition, DatasetRunState, RunOwner } from './types';

/** The subset of vscode.Memento the store needs, so the host can pass `context.workspaceState` as is. */
export interface KeyValueBackend {
  keys(): readonly string[];
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** A JSON file holding one object; re-read on every access so another process's writes are seen. */
export class JsonFileBackend implements KeyValueBackend {
  constructor(readonly path: string) {}

  private read(): Record<string, unknown> {
    try {
      const v: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      // A damaged state file only costs status display; training rebuilds it.
      return {};
    }
  }

  keys(): readonly string[] {
    return Object.keys(this.read());
  }

  get<T>(key: string): T | undefined {
    return this.read()[key] as T | undefined;
  }

  async update(key: string, value: unknown): Promise<void> {
    const all = this.read();
    if (value === undefined) delete all[key];
    else all[key] = value;
    await writeFileAtomic(this.path, `${JSON.stringify(all, null, 2)}\n`);
  }
}

/** `<root>/.tabletalk/state/runs.json`: the CLI's run-state file. */
export function runStateFile(root: string): string {
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

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
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

const KEY_PREFIX = 'tabletalk.runState.';

/** Run state keyed by the dataset's collection prefix, which survives renames of the dataset. */
export class RunStateStore {
  constructor(readonly backend: KeyValueBackend) {}

  static forDirectory(root: string): RunStateStore {
    return new RunStateStore(new JsonFileBackend(runStateFile(root)));
  }

  private key(dataset: Pick<DatasetDefinition, 'collection'>): string {
    return KEY_PREFIX + dataset.collection;
  }

  /** The raw stored state (no recovery); pending when never trained. */
  peek(dataset: Pick<DatasetDefinition, 'collection'>): DatasetRunState {
    return { ...initialRunState(), ...(this.backend.get<DatasetRunState>(this.key(dataset)) ?? {}) };
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

function interruptedState(state: DatasetRunState): DatasetRunState {
  const who = state.run ? ` (process ${state.run.pid} on ${state.run.hostname}, last seen ${state.run.heartbeatAt})` : '';
  return {
    ...state,
    status: 'failed',
    step: null,
    run: null,
    error: `Training was interrupted: the process running it stopped${who}, e.g. by a window reload. ${state.activeCollections ? 'The previously trained model is unchanged.' : 'Nothing was trained.'} Train the dataset again.`,
  };
}
