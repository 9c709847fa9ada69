// The embedded Chroma server: a child process (never inside the extension host), on a free loopback port,
// health-checked, restarted when it dies, stopped with its owner. The spawn takes execPath and env as
// parameters so desktop VS Code can run it under Electron with ELECTRON_RUN_AS_NODE=1.
import { TableTalkError } from '../errors';
import { l10n } from '../messages';
import { english, type Message, type Text } from '../messages';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ChromaConnection, ChromaEndpoint } from './endpoint';
import { childEnv } from '../child-env';
import { pidAlive } from '../pid-alive';
import { acquireDaemon, couldNotStart, exitedWith, type DaemonLease } from './chroma-daemon';
import { freeLoopbackPort } from './free-port';
import { heartbeat } from './heartbeat';

export interface EmbeddedChromaOptions {
  /** Where Chroma keeps its data (e.g. the extension's global storage or <dir>/.tabletalk/chroma). */
  dataDir: string;
  /** Program that runs the server script; default process.execPath. */
  execPath?: string;
  /** Added to process.env for the child, e.g. { ELECTRON_RUN_AS_NODE: '1' }. */
  env?: NodeJS.ProcessEnv;
  /** The server script; default dist/chroma-process.js (see chromaCliPath). */
  cliPath?: string;
  /** Fixed port; default a free loopback port. */
  port?: number;
  startTimeoutMs?: number;
  healthIntervalMs?: number;
  /** Restarts allowed within ten minutes before giving up. */
  maxRestarts?: number;
  log?: (line: string) => void;
  /**
   * Share one server between processes (the CLI): adopt the server recorded under <root>/.tabletalk/state when
   * it is alive and ours, else start one that outlives this process and exits after idleMs without use.
   */
  daemon?: { root: string; idleMs: number };
}

export class ChromaUnavailableError extends TableTalkError {
  declare readonly hint: string;
  constructor(message: Text, hint: Text = l10n.t('See the TableTalk log for the Chroma server output.')) {
    super('chroma-unavailable', message, { hint });
  }
}

/**
 * The script that runs the server: TableTalk's own dist/chroma-process.js (works on win32-x64 too, and ends
 * with its parent), found next to the bundle or in the project's dist/ when running from source; chromadb's
 * dist/cli.mjs only if that is missing.
 */
export function chromaCliPath(): string {
  for (let d = __dirname; ; d = dirname(d)) {
    for (const candidate of [join(d, 'chroma-process.js'), join(d, 'dist', 'chroma-process.js')]) if (existsSync(candidate)) return candidate;
    if (dirname(d) === d) break;
  }
  // A variable, not a literal: the bundler must leave this lookup to run time (chromadb stays in node_modules).
  const pkg = 'chromadb';
  return join(dirname(require.resolve(pkg)), '..', 'cli.mjs');
}

export { freeLoopbackPort };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Written next to the data so another process (a second window, the next CLI run) finds a running server. */
interface PidFile {
  pid: number;
  port: number;
  ownerPid: number;
}

export class EmbeddedChroma implements ChromaEndpoint {
  private child: ChildProcess | null = null;
  /** A server started by another (possibly dead) process for the same data dir, which we use. */
  private adopted: { pid: number; owned: boolean } | null = null;
  private port = 0;
  private starting: Promise<ChromaConnection> | null = null;
  /** True between a successful start and the server's death: health checks run only then, never during a start. */
  private ready = false;
  private stopped = false;
  private restarts: number[] = [];
  private health: NodeJS.Timeout | null = null;
  private failures = 0;
  private fatal: Error | null = null;
  private readonly output: string[] = [];
  private lease: DaemonLease | null = null;
  private readonly onExit = () => this.killNow();

  constructor(readonly options: EmbeddedChromaOptions) {}

  get pidFile(): string {
    return join(this.options.dataDir, 'tabletalk-chroma.json');
  }

  /** Process id of the running server (for diagnostics and tests), or null. */
  get pid(): number | null {
    return this.child?.pid ?? this.adopted?.pid ?? null;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  describe(): string {
    return english(this.label());
  }

  label(): Message {
    return l10n.t('embedded Chroma ({0})', this.options.dataDir);
  }

  /** Starts the server if needed and resolves once it answers the heartbeat. */
  start(): Promise<ChromaConnection> {
    return this.connection();
  }

  async connection(): Promise<ChromaConnection> {
    if (this.stopped) throw new ChromaUnavailableError(l10n.t('The embedded Chroma server was stopped'));
    if (this.fatal) throw this.fatal;
    if (!this.starting) {
      this.ready = false;
      this.starting = this.launch().then(
        (conn) => {
          this.ready = true;
          this.failures = 0;
          return conn;
        },
        (e: unknown) => {
          this.starting = null;
          throw e;
        },
      );
    }
    return this.starting;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private async launch(): Promise<ChromaConnection> {
    mkdirSync(this.options.dataDir, { recursive: true });
    if (this.options.daemon) return this.launchShared(this.options.daemon);
    const existing = await this.findRunning();
    if (existing) {
      this.adopted = { pid: existing.pid, owned: !pidAlive(existing.ownerPid) };
      this.port = existing.port;
      if (this.adopted.owned) this.writePidFile(existing.pid);
      this.log(`Chroma: using the server already running for ${this.options.dataDir} (pid ${existing.pid}, port ${existing.port})`);
      this.watch();
      return { host: '127.0.0.1', port: this.port, ssl: false };
    }
    let lastError: Error | null = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      this.port = this.options.port ?? (attempt === 0 && this.port ? this.port : await freeLoopbackPort());
      try {
        await this.spawnServer();
        this.watch();
        return { host: '127.0.0.1', port: this.port, ssl: false };
      } catch (e) {
        lastError = e as Error;
        this.killNow();
        if (this.options.port) break;
      }
    }
    throw lastError ?? new ChromaUnavailableError(l10n.t('The embedded Chroma server did not start'));
  }

  private async launchShared(daemon: { root: string; idleMs: number }): Promise<ChromaConnection> {
    this.lease?.release();
    this.lease = null;
    const { execPath, env, cliPath = chromaCliPath(), startTimeoutMs } = this.options;
    const lease = await acquireDaemon({ root: daemon.root, dataDir: this.options.dataDir, idleMs: daemon.idleMs, execPath, env, cliPath, startTimeoutMs, log: (l) => this.log(l) });
    if (this.stopped) {
      lease.release();
      throw new ChromaUnavailableError(l10n.t('The embedded Chroma server was stopped'));
    }
    this.lease = lease;
    // Never owned: the server outlives this process; stop() only ends this process's use of it.
    this.adopted = { pid: lease.pid, owned: false };
    this.port = lease.port;
    this.watch();
    return { host: '127.0.0.1', port: this.port, ssl: false };
  }

  private async findRunning(): Promise<PidFile | null> {
    let info: PidFile;
    try {
      info = JSON.parse(readFileSync(this.pidFile, 'utf8')) as PidFile;
    } catch {
      return null;
    }
    if (!info?.pid || !pidAlive(info.pid)) return null;
    return (await heartbeat(info.port)) ? info : null;
  }

  private writePidFile(pid: number): void {
    const info: PidFile = { pid, port: this.port, ownerPid: process.pid };
    writeFileSync(this.pidFile, JSON.stringify(info));
  }

  private async spawnServer(): Promise<void> {
    const { execPath = process.execPath, env, cliPath = chromaCliPath(), startTimeoutMs = 30_000 } = this.options;
    const args = [cliPath, 'run', '--path', this.options.dataDir, '--host', '127.0.0.1', '--port', String(this.port)];
    this.log(`Chroma: starting ${execPath} ${args.join(' ')}`);
    // No secret of the parent's environment reaches the server (childEnv keeps only what a process needs to run).
    const child = spawn(execPath, args, { env: childEnv(env as Record<string, string | undefined>), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    this.child = child;
    this.adopted = null;
    process.on('exit', this.onExit);
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        // eslint-disable-next-line no-control-regex
        const clean = line.replace(/\u001b\[[0-9;]*m/g, '').trimEnd();
        if (!clean.trim()) continue;
        this.output.push(clean);
        if (this.output.length > 40) this.output.shift();
        this.log(`Chroma: ${clean}`);
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exited: Message | null = null;
    child.once('error', (e) => { exited = couldNotStart(e); });
    child.once('exit', (code, signal) => {
      exited ??= exitedWith(code, signal);
      // A death while starting is handled by the start loop; only a running server is restarted from here.
      if (this.child === child && this.ready) this.childDied(exited);
    });
    const end = Date.now() + startTimeoutMs;
    while (Date.now() < end) {
      if (exited) throw new ChromaUnavailableError(l10n.t('The embedded Chroma server {0} while starting: {1}', exited, this.lastOutput()));
      if (await heartbeat(this.port, 1000)) {
        if (child.pid) this.writePidFile(child.pid);
        this.log(`Chroma: ready on ${this.url} (pid ${child.pid})`);
        return;
      }
      await sleep(150);
    }
    throw new ChromaUnavailableError(l10n.t('The embedded Chroma server did not answer within {0} ms: {1}', startTimeoutMs, this.lastOutput()));
  }

  /** Periodic heartbeat: a server that stops answering (or an adopted one that vanished) is replaced. */
  private watch(): void {
    if (this.health) return;
    const every = this.options.healthIntervalMs ?? 2000;
    this.health = setInterval(() => {
      void (async () => {
        if (this.stopped || !this.ready) return;
        if (await heartbeat(this.port)) {
          this.failures = 0;
          return;
        }
        if (!this.ready) return;
        if (++this.failures >= 3 || (this.adopted && !pidAlive(this.adopted.pid))) {
          this.failures = 0;
          this.log('Chroma: server stopped answering; restarting it');
          this.killNow();
          this.childDied(l10n.t('stopped answering'));
        }
      })();
    }, every);
    this.health.unref();
  }

  /** The server's last output lines (its own words, as they came), or a note that it printed nothing. */
  private lastOutput(): Text {
    return this.output.slice(-3).join(' | ') || l10n.t('no output');
  }

  private childDied(why: Message): void {
    if (this.stopped) return;
    this.child = null;
    this.starting = null;
    this.ready = false;
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < 600_000);
    if (this.restarts.length >= (this.options.maxRestarts ?? 5)) {
      this.fatal = new ChromaUnavailableError(l10n.t('The embedded Chroma server keeps dying ({0}); gave up after {1} restarts: {2}', why, this.restarts.length, this.lastOutput()), l10n.t('Reload the window to try again, or see the TableTalk log.'));
      this.log(`Chroma: ${this.fatal.message}`);
      return;
    }
    this.restarts.push(now);
    this.log(`Chroma: server ${english(why)}; restarting`);
    // Restart eagerly, on the same port when free, so clients holding the URL keep working.
    void this.connection().catch((e: unknown) => this.log(`Chroma: restart failed: ${(e as Error).message}`));
  }

  private killNow(): void {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (this.adopted?.owned) {
      try {
        process.kill(this.adopted.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /** Stops the server this instance started (or adopted from a dead owner); a server another live process owns is left alone. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.health) clearInterval(this.health);
    this.health = null;
    process.off('exit', this.onExit);
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
      rmSync(this.pidFile, { force: true });
    } else if (this.adopted?.owned) {
      this.killNow();
      rmSync(this.pidFile, { force: true });
    }
    this.adopted = null;
    this.lease?.release();
    this.lease = null;
  }
}
