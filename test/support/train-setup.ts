// Shared by the training tests: Chinook copies, the `tabletalk` CLI as a child process, and datasets trained
// through the real pipeline into a real embedded Chroma.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FakeOpenAI } from './fake-openai.mjs' with { 'resolution-mode': 'import' };

export const repo = resolve(__dirname, '../..');
export const cliJs = join(repo, 'dist', 'cli.js');
export const chinookFile = process.env.TABLETALK_CHINOOK_DIR ? join(process.env.TABLETALK_CHINOOK_DIR, 'Chinook_Sqlite.sqlite') : '';
export const noChinook = existsSync(chinookFile) ? undefined : `Chinook SQLite file not found (TABLETALK_CHINOOK_DIR=${process.env.TABLETALK_CHINOOK_DIR ?? 'unset'}); run through npm test`;
export const noCli = existsSync(cliJs) ? undefined : 'dist/cli.js is missing; run through npm test (it builds first)';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A private copy of Chinook, so tests may change (or break) it. */
export function chinookCopy(dir = tempDir('tt-train-db-')): { file: string; url: string } {
  const file = join(dir, 'chinook.sqlite');
  copyFileSync(chinookFile, file);
  return { file, url: `sqlite://${file}` };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last stdout line parsed as JSON (the --json result), or null. */
  json: Record<string, unknown> | null;
  ms: number;
}

/** Starts `tabletalk <args>`; the handle lets a test wait for output or send signals. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const t = Date.now();
  const child = spawn(process.execPath, [cliJs, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolvePromise) => {
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      let json: Record<string, unknown> | null;
      try {
        json = JSON.parse(last) as Record<string, unknown>;
      } catch {
        json = null;
      }
      resolvePromise({ code, stdout, stderr, json, ms: Date.now() - t });
    });
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  void done.then(() => clearTimeout(timer));
  return {
    child,
    done,
    /** Resolves once stdout contains text matching `re`. */
    waitFor(re: RegExp, ms = 60_000): Promise<void> {
      return new Promise((res, rej) => {
        const end = setTimeout(() => rej(new Error(`no output matching ${re} within ${ms} ms; stdout: ${stdout}; stderr: ${stderr}`)), ms);
        const check = () => {
          if (re.test(stdout)) {
            clearTimeout(end);
            res();
          } else if (child.exitCode !== null) {
            clearTimeout(end);
            rej(new Error(`exited (${child.exitCode}) before output matching ${re}; stdout: ${stdout}; stderr: ${stderr}`));
          } else setTimeout(check, 50);
        };
        check();
      });
    },
  };
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return startCli(args, env).done;
}

/** Progress lines as printed: "[ 42%] train DDL: ...". */
export function progressLines(stdout: string): { percent: number; step: string; message: string }[] {
  return [...stdout.matchAll(/^\[\s*(\d+)%\] ([^:]+): (.*)$/gm)].map((m) => ({ percent: Number(m[1]), step: m[2], message: m[3] }));
}

/** The loopback OpenAI-compatible server (an ES module, loaded dynamically from these CommonJS tests). */
export async function startFakeOpenAI(options?: { dimension?: number; defaultChat?: string }): Promise<FakeOpenAI> {
  const m = await import('./fake-openai.mjs');
  return m.startFakeOpenAI(options);
}
