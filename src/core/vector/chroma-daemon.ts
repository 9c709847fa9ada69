// The CLI's shared embedded Chroma server ("daemon"): one server per data directory, kept alive for an idle
// period after use so the next `tabletalk` call adopts it instead of paying a server start. Its state file
// (<root>/.tabletalk/state/chroma-server.json) names pid, port, data dir and the id of a marker database inside
// that data dir: a later call trusts the server only when the pid lives, the port answers, and the server on the
// port holds that same marker (so a reused pid or a port now served by something else is never adopted).
// Each call holds a lease file while it uses the server; the server exits by itself (src/core/vector/idle-watchdog.ts)
// when no lease is held and the state file was not touched for the idle period. Starts are serialised by a
// cross-process lock, so two calls at once never start two servers on one data directory.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { childEnv } from '../child-env';
import { TableTalkError } from '../errors';
import { l10n } from '../messages';
import { type Message } from '../messages';
import { freeLoopbackPort } from './free-port';
import { heartbeat } from './heartbeat';
import { acquireTrainLock, TrainLockHeldError, type TrainLock } from '../dataset/train-lock';
import { pidAlive } from '../pid-alive';

export interface DaemonState {
  pid: number;
  port: number;
  dataDir: string;
  /** Id of the marker database in this data dir; empty while the server starts. */
  storeId: string;
  idleMs: number;
  startedAt: string;
}

export interface DaemonPaths {
  stateFile: string;
  leasesDir: string;
  logFile: string;
  root: string;
}

/** The files of the daemon for a workspace folder (the --dir of the CLI). */
export function daemonPaths(root: string): DaemonPaths {
  const state = join(resolve(root), '.tabletalk', 'state');
  return { root: resolve(root), stateFile: join(state, 'chroma-server.json'), leasesDir: join(state, 'chroma-server.leases'), logFile: join(state, 'chroma-server.log') };
}

/** Name of the Chroma database whose id identifies a data directory (Chroma gives it a random id on creation). */
const MARKER_DB = 'tabletalk_store_marker';
const markerUrl = (port: number) => `http://127.0.0.1:${port}/api/v2/tenants/default_tenant/databases`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function readDaemonState(paths: DaemonPaths): DaemonState | null {
  try {
    const v = JSON.parse(readFileSync(paths.stateFile, 'utf8')) as Partial<DaemonState>;
    if (typeof v.pid === 'number' && typeof v.port === 'number' && typeof v.dataDir === 'string') {
      return { pid: v.pid, port: v.port, dataDir: v.dataDir, storeId: typeof v.storeId === 'string' ? v.storeId : '', idleMs: typeof v.idleMs === 'number' ? v.idleMs : 0, startedAt: typeof v.startedAt === 'string' ? v.startedAt : '' };
    }
  } catch {
    // missing or damaged: no daemon to trust
  }
  return null;
}

function writeState(paths: DaemonPaths, state: DaemonState): void {
  mkdirSync(join(paths.stateFile, '..'), { recursive: true });
  const tmp = `${paths.stateFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, paths.stateFile);
}

/** Removes the state file only while it still names this pid (a newer server's file is left alone). */
function removeStateOf(paths: DaemonPaths, pid: number): void {
  if (readDaemonState(paths)?.pid === pid) rmSync(paths.stateFile, { force: true });
}

/** The marker database's id on the server at this port, creating the marker once per data directory. */
async function storeIdAt(port: number, create: boolean): Promise<string | null> {
  try {
    let res = await fetch(`${markerUrl(port)}/${MARKER_DB}`, { signal: AbortSignal.timeout(3000) });
    if (res.status === 404 && create) {
      await fetch(markerUrl(port), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: MARKER_DB }), signal: AbortSignal.timeout(3000) });
      res = await fetch(`${markerUrl(port)}/${MARKER_DB}`, { signal: AbortSignal.timeout(3000) });
    }
    if (!res.ok) return null;
    const body = (await res.json()) as { id?: unknown };
    return typeof body.id === 'string' ? body.id : null;
  } catch {
    return null;
  }
}

/** Whether the state names a live server on its port that is ours for this data dir. */
export async function verifyDaemon(state: DaemonState | null, dataDir: string): Promise<boolean> {
  if (!state || !state.storeId || resolve(state.dataDir) !== resolve(dataDir) || !pidAlive(state.pid)) return false;
  return (await storeIdAt(state.port, false)) === state.storeId;
}

/**
 * Whether this pid runs TableTalk's Chroma server script for this data dir. Only Linux can tell (from
 * /proc/<pid>/cmdline); elsewhere the answer is "unknown", and an unknown process is never killed.
 */
function runsOurServer(pid: number, dataDir: string): boolean | 'unknown' {
  if (process.platform !== 'linux') return 'unknown';
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmd.some((a) => /chroma-process|cli\.mjs/.test(a)) && cmd.includes(dataDir);
  } catch {
    return false;
  }
}

function killHard(pid: number): void {
  try {
    // The server's main thread runs native code and never sees SIGTERM; its data is written through SQLite's
    // journal, which a kill does not damage.
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function untilGone(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!pidAlive(pid)) return true;
    await sleep(50);
  }
  return !pidAlive(pid);
}

export interface DaemonLease {
  pid: number;
  port: number;
  /** Ends this process's use: the server's idle clock starts again from now. */
  release(): void;
}

export interface AcquireDaemonOptions {
  root: string;
  dataDir: string;
  idleMs: number;
  execPath?: string;
  cliPath: string;
  env?: Record<string, string | undefined>;
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

function takeLease(paths: DaemonPaths): () => void {
  mkdirSync(paths.leasesDir, { recursive: true });
  const file = join(paths.leasesDir, `${process.pid}-${randomBytes(4).toString('hex')}`);
  writeFileSync(file, String(process.pid));
  let released = false;
  return () => {
    if (released) return;
    released = true;
    rmSync(file, { force: true });
    try {
      const now = new Date();
      utimesSync(paths.stateFile, now, now);
    } catch {
      // the server is gone already
    }
  };
}

/** Live leases (a lease whose process died is removed). */
export function liveLeases(paths: DaemonPaths): number {
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(paths.leasesDir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    if (pid && pidAlive(pid)) n++;
    else rmSync(join(paths.leasesDir, name), { force: true });
  }
  return n;
}

/**
 * The shared server for this data dir, adopted when alive and ours, else started (once, under the start lock)
 * and left running for idleMs after the last lease is released.
 */
export async function acquireDaemon(o: AcquireDaemonOptions): Promise<DaemonLease> {
  const paths = daemonPaths(o.root);
  const log = o.log ?? (() => {});
  // The lease comes first: a server that checks for leases after this point stays up for us.
  const release = takeLease(paths);
  try {
    const adopted = await adopt(paths, o.dataDir);
    if (adopted) {
      log(`Chroma: using the shared server for ${o.dataDir} (pid ${adopted.pid}, port ${adopted.port})`);
      return { pid: adopted.pid, port: adopted.port, release };
    }
    const started = await startUnderLock(paths, o, log);
    return { pid: started.pid, port: started.port, release };
  } catch (e) {
    release();
    throw e;
  }
}

async function adopt(paths: DaemonPaths, dataDir: string): Promise<DaemonState | null> {
  const state = readDaemonState(paths);
  return (await verifyDaemon(state, dataDir)) ? state : null;
}

async function startUnderLock(paths: DaemonPaths, o: AcquireDaemonOptions, log: (line: string) => void): Promise<DaemonState> {
  const timeout = o.startTimeoutMs ?? 60_000;
  const end = Date.now() + timeout;
  let lock: TrainLock | null = null;
  while (!lock) {
    try {
      lock = acquireTrainLock(paths.root, '_chroma-server-start', 'the embedded Chroma server', `tabletalk (starting Chroma, pid ${process.pid})`);
    } catch (e) {
      if (!(e instanceof TrainLockHeldError)) throw e;
      // Another call is starting the server: use it once it is there.
      const adopted = await adopt(paths, o.dataDir);
      if (adopted) return adopted;
      if (Date.now() > end) throw new TableTalkError('chroma-unavailable', l10n.t('The embedded Chroma server was not started by the other TableTalk process within {0} ms ({1})', timeout, e.where), { cause: e });
      await sleep(100);
    }
  }
  try {
    const adopted = await adopt(paths, o.dataDir);
    if (adopted) return adopted;
    const late = await replaceStale(paths, o.dataDir, log);
    return late ?? (await spawnDaemon(paths, o, log));
  } finally {
    lock.release();
  }
}

/**
 * A state file left by a server that is dead, not answering, or not ours: cleared. Our own server that is alive
 * gets a few seconds to answer (a loaded machine), and is killed if it does not, so one data dir never has two.
 */
async function replaceStale(paths: DaemonPaths, dataDir: string, log: (line: string) => void): Promise<DaemonState | null> {
  const state = readDaemonState(paths);
  if (!state) return null;
  if (pidAlive(state.pid) && runsOurServer(state.pid, resolve(state.dataDir)) === true) {
    const end = Date.now() + 5000;
    while (state.storeId && Date.now() < end) {
      if (await verifyDaemon(state, dataDir)) return state;
      await sleep(250);
    }
    log(`Chroma: the recorded server (pid ${state.pid}) does not answer as ours; stopping it`);
    killHard(state.pid);
    await untilGone(state.pid, 5000);
  } else {
    log(`Chroma: the recorded server (pid ${state.pid}, port ${state.port}) is gone or not ours; starting a new one`);
  }
  removeStateOf(paths, state.pid);
  return null;
}

/** What happened to a Chroma child process that could not be spawned, as a phrase after "The embedded Chroma server". */
export const couldNotStart = (e: Error): Message => l10n.t('could not be started ({0})', e.message);

/** How a Chroma child process ended, as a phrase after "The embedded Chroma server". */
export const exitedWith = (code: number | null, signal: NodeJS.Signals | null): Message => (signal ? l10n.t('exited with {0}', signal) : l10n.t('exited with code {0}', String(code)));

async function spawnDaemon(paths: DaemonPaths, o: AcquireDaemonOptions, log: (line: string) => void): Promise<DaemonState> {
  const dataDir = resolve(o.dataDir);
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(join(paths.stateFile, '..'), { recursive: true });
  let lastError: Message = l10n.t('did not answer in time');
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freeLoopbackPort();
    const args = [o.cliPath, 'run', '--path', dataDir, '--host', '127.0.0.1', '--port', String(port)];
    log(`Chroma: starting the shared server ${o.execPath ?? process.execPath} ${args.join(' ')} (exits after ${Math.round(o.idleMs / 1000)} s idle)`);
    // Its output goes to a log file: a detached server must not hold the caller's stdout/stderr open.
    const out = openSync(paths.logFile, 'w');
    const env = childEnv({ ...o.env, TABLETALK_CHROMA_IDLE_MS: String(o.idleMs), TABLETALK_CHROMA_STATE: paths.stateFile, TABLETALK_CHROMA_LEASES: paths.leasesDir });
    const child = spawn(o.execPath ?? process.execPath, args, { env, detached: true, stdio: ['ignore', out, out], windowsHide: true });
    closeSync(out);
    let exited: Message | null = null;
    child.once('error', (e) => { exited = couldNotStart(e); });
    child.once('exit', (code, signal) => { exited ??= exitedWith(code, signal); });
    child.unref();
    const pid = child.pid ?? 0;
    const state: DaemonState = { pid, port, dataDir, storeId: '', idleMs: o.idleMs, startedAt: new Date().toISOString() };
    // Written before the server answers, so its idle watchdog knows it is the recorded one.
    if (pid) writeState(paths, state);
    const end = Date.now() + (o.startTimeoutMs ?? 30_000);
    while (Date.now() < end && !exited) {
      if (await heartbeat(port, 1000)) {
        const storeId = await storeIdAt(port, true);
        if (storeId) {
          const ready = { ...state, storeId };
          writeState(paths, ready);
          log(`Chroma: shared server ready on port ${port} (pid ${pid})`);
          return ready;
        }
      }
      await sleep(100);
    }
    const tail = existsSync(paths.logFile) ? readFileSync(paths.logFile, 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
    const how: Message = exited ?? l10n.t('did not answer in time');
    lastError = tail ? l10n.t('{0}: {1}', how, tail) : how;
    if (pid) {
      killHard(pid);
      removeStateOf(paths, pid);
    }
    if (exited && !/address|port|bind/i.test(tail)) break;
  }
  throw new TableTalkError('chroma-unavailable', l10n.t('The embedded Chroma server {0}', lastError), { hint: l10n.t('See {0}.', paths.logFile) });
}

export interface DaemonStatus {
  running: boolean;
  pid: number | null;
  port: number | null;
  url: string | null;
  dataDir: string | null;
  idleSeconds: number | null;
  startedAt: string | null;
  lastUsedAt: string | null;
  clients: number;
  stateFile: string;
}

/** What `tabletalk daemon status` reports. A state file whose server is not ours (or not alive) is "not running". */
export async function daemonStatus(root: string, dataDir: string): Promise<DaemonStatus> {
  const paths = daemonPaths(root);
  const state = readDaemonState(paths);
  const running = await verifyDaemon(state, dataDir);
  let lastUsedAt: string | null = null;
  try {
    lastUsedAt = statSync(paths.stateFile).mtime.toISOString();
  } catch {
    // no state file
  }
  return running && state
    ? { running, pid: state.pid, port: state.port, url: `http://127.0.0.1:${state.port}`, dataDir: state.dataDir, idleSeconds: state.idleMs / 1000, startedAt: state.startedAt, lastUsedAt, clients: liveLeases(paths), stateFile: paths.stateFile }
    : { running: false, pid: null, port: null, url: null, dataDir: null, idleSeconds: null, startedAt: null, lastUsedAt: null, clients: 0, stateFile: paths.stateFile };
}

/** Stops the shared server of this folder (if it is ours); returns its pid, or null when none ran. */
export async function stopDaemon(root: string, dataDir: string): Promise<number | null> {
  const paths = daemonPaths(root);
  const state = readDaemonState(paths);
  if (!state) return null;
  const ours = (await verifyDaemon(state, dataDir)) || (pidAlive(state.pid) && runsOurServer(state.pid, resolve(state.dataDir)) === true);
  if (!ours) {
    removeStateOf(paths, state.pid);
    return null;
  }
  killHard(state.pid);
  await untilGone(state.pid, 10_000);
  removeStateOf(paths, state.pid);
  return state.pid;
}
