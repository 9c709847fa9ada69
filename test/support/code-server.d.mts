// Types for code-server.mjs (the real-VS-Code harness), for tests written in TypeScript.
import type { Browser, Page } from 'playwright-core';

export const CODE_SERVER_VERSION: string;
export const root: string;
export const installDir: string;
export const chromiumPath: string;
export const quietSettings: Record<string, unknown>;
/** Debian packages code-server's install needs. */
export const codeServerDebianPackages: string[];
/** The given Debian packages that are not installed ([] on systems without dpkg). */
export function missingDebianPackages(packages: string[]): string[];

export interface InstallResult { entry: string; ms: number; cached: boolean }
export function installCodeServer(options?: { log?: (message: string) => void }): Promise<InstallResult>;

export interface StartOptions {
  /** Workspace folder to open; a fresh temp folder when omitted. */
  folder?: string;
  /** A .code-workspace file to open instead of a folder (multi-root). */
  workspace?: string;
  /** User settings merged over quietSettings. */
  settings?: Record<string, unknown>;
  /** Extension to load as under development; default: this repository. */
  extensionDevelopmentPath?: string;
  /** Absolute path of a module whose run() the extension host calls (see runExtensionHostTests). */
  extensionTestsPath?: string;
  /** VS Code display language, e.g. 'zh-cn' (passed as --locale, with a stand-in language pack: see display-language.mjs). */
  locale?: string;
  /** Extra environment for code-server, inherited by the extension host. */
  env?: Record<string, string>;
  /** Port to try first; another free port is used when it is taken. */
  port?: number;
  /** Keep the temp user-data dir after stop(). */
  keepProfile?: boolean;
  /** Use (and keep) this folder for user data and extensions; its settings.json is written only if missing. */
  profileDir?: string;
  /** Progress messages (install). */
  log?: (message: string) => void;
}

export interface CodeServer {
  /** Workbench URL with the folder and the extension-development payload. */
  url: string;
  port: number;
  /** True when options.port was taken and another free port was used. */
  requestedPortTaken: boolean;
  folder: string;
  userDataDir: string;
  extensionsDir: string;
  /** Milliseconds from spawn to the first healthy HTTP answer. */
  startMs: number;
  /** Milliseconds the install took in this call (0 when already installed). */
  installMs: number;
  /** Resolves with the exit code when code-server exits (on its own or after stop()). */
  exited: Promise<number>;
  /** Everything code-server printed so far. */
  logs(): string;
  /** Kills the process group and removes the temp profile. */
  stop(): Promise<void>;
}
export function startCodeServer(options?: StartOptions): Promise<CodeServer>;

export function launchBrowser(): Promise<Browser>;
export function openWorkbench(browserOrPage: Browser | Page, url: string, options?: { timeoutMs?: number; viewport?: { width: number; height: number } }): Promise<Page>;
export function killGroup(child: import('node:child_process').ChildProcess, graceMs?: number): Promise<void>;

export interface ExtensionHostTestResult {
  title: string;
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
  skipReason?: string;
}
export interface ExtensionHostRun {
  results: { done: boolean; tests: ExtensionHostTestResult[]; metrics: Record<string, unknown>; error?: string };
  logs: string;
  startMs: number;
  installMs: number;
}
export function runExtensionHostTests(options?: StartOptions & { testsPath?: string; grep?: string; timeoutMs?: number }): Promise<ExtensionHostRun>;
