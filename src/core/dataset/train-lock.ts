// A cross-process lock per dataset for training: `<root>/.tabletalk/state/locks/<collection>.lock`, created
// atomically (a complete temp file hard-linked into place, which fails if the lock exists) and holding the
// holder's pid, host and start time. A lock whose process is gone (or whose heartbeat stopped) is taken over.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pidAlive } from '../pid-alive';
import { TableTalkError } from '../errors';
import { l10n } from '../messages';
import { english, type Message } from '../messages';

export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  /** Who holds it, in words: "tabletalk CLI", "VS Code". */
  tool: string;
}

export interface TrainLock {
  readonly path: string;
  readonly holder: LockHolder;
  release(): void;
}

/** The lock's mtime is refreshed this often while held. */
export const LOCK_HEARTBEAT_MS = 5_000;
/** A lock untouched for this long belongs to a dead or frozen run, even if its pid was reused. */
export const LOCK_STALE_MS = 60_000;

export function trainLockFile(root: string, collection: string): string {
  return join(root, '.tabletalk', 'state', 'locks', `${collection}.lock`);
}

/** The lock is held by someone else; the message names who. */
export class TrainLockHeldError extends TableTalkError {
  /** Who holds it: "process 123 on host (tabletalk CLI) since <time>, lock file <path>" (a Message; `where` in English). */
  readonly whereText: Message;
  readonly where: string;
  constructor(datasetName: string, readonly holder: LockHolder | null, readonly path: string) {
    const where = holder ? l10n.t('process {0} on {1} ({2}) since {3}, lock file {4}', holder.pid, holder.hostname, holder.tool, holder.startedAt, path) : l10n.t('lock file {0}', path);
    super('training-in-progress', l10n.t('Dataset "{0}" is already training ({1})', datasetName, where), { hint: l10n.t('Wait for the running training to finish or cancel it, then train again.') });
    this.whereText = where;
    this.where = english(where);
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.startedAt === 'string') return { pid: v.pid, hostname: v.hostname, startedAt: v.startedAt, tool: typeof v.tool === 'string' ? v.tool : 'unknown tool' };
  } catch {
    // unreadable: judged by age below
  }
  return null;
}

/** Whether the lock with this content and mtime still belongs to a running training. */
function held(holder: LockHolder | null, mtimeMs: number, now: number): boolean {
  const fresh = now - mtimeMs < LOCK_STALE_MS;
  if (!holder) return fresh;
  if (holder.hostname !== hostname()) return fresh;
  return fresh && pidAlive(holder.pid);
}

/**
 * Takes the training lock of a dataset, or throws TrainLockHeldError naming the holder. Stale locks (dead pid on
 * this host, or no heartbeat for a minute) are taken over: moved aside, checked to be the one judged stale, removed.
 */
export function acquireTrainLock(root: string, collection: string, datasetName: string, tool: string): TrainLock {
  const path = trainLockFile(root, collection);
  mkdirSync(join(path, '..'), { recursive: true });
  const holder: LockHolder = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), tool };
  const content = `${JSON.stringify(holder)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, content, 'utf8');
    try {
      linkSync(tmp, path);
      return started(path, holder);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      rmSync(tmp, { force: true });
    }
    let text: string;
    let mtimeMs: number;
    try {
      text = readFileSync(path, 'utf8');
      mtimeMs = statSync(path).mtimeMs;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
      throw e;
    }
    const other = parseHolder(text);
    if (held(other, mtimeMs, Date.now())) throw new TrainLockHeldError(datasetName, other, path);
    const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      renameSync(path, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // another process took it over first
      throw e;
    }
    // Between reading and moving, another process may have taken the stale lock over: put its fresh lock back.
    if (readFileSync(aside, 'utf8') !== text) {
      try {
        linkSync(aside, path);
      } catch {
        // a third lock exists now; the next attempt judges it
      }
    }
    rmSync(aside, { force: true });
  }
  throw new TrainLockHeldError(datasetName, null, path);
}

function started(path: string, holder: LockHolder): TrainLock {
  const beat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // removed from outside: the release below tolerates it
    }
  }, LOCK_HEARTBEAT_MS);
  beat.unref();
  let released = false;
  return {
    path,
    holder,
    release() {
      if (released) return;
      released = true;
      clearInterval(beat);
      // Only our own lock: a lock taken over after a long freeze belongs to someone else now.
      try {
        const now = parseHolder(readFileSync(path, 'utf8'));
        if (now?.pid === holder.pid && now.startedAt === holder.startedAt) rmSync(path, { force: true });
      } catch {
        // already gone
      }
    },
  };
}
