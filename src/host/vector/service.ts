// The vector store the host uses: the embedded Chroma server (a child process started on first use, data
// under the extension's global storage, restarted by EmbeddedChroma when it dies, stopped on deactivate) or
// the remote Chroma from settings, with its auth token read from SecretStorage.
import { TableTalkError } from '../../core/errors';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EmbeddedChroma } from '../../core/vector/chroma-server';
import type { VectorStore } from '../../core/vector/vector-store';
import type { TableTalkContext } from '../context';
import { secretKeys, vectorStoreSettings, type VectorStoreSettings } from './settings';
import { endpointSecret } from './endpoint-secrets';

interface Current {
  key: string;
  store: VectorStore;
  embedded?: EmbeddedChroma;
}

/** Chroma output worth seeing without trace logging. */
const notable = /starting|ready|restart|gave up|using the server|stopped|failed|error/i;

export class VectorService implements vscode.Disposable {
  private current: Promise<Current> | undefined;
  private readonly listener: vscode.Disposable;

  constructor(private readonly ctx: TableTalkContext) {
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      // The next use connects to the new place; an embedded server that is no longer wanted stops.
      if (e.affectsConfiguration('tabletalk.vectorStore')) void this.reset();
    });
  }

  /** Where the embedded server keeps its data. */
  get embeddedDataDir(): string {
    return path.join(this.ctx.extension.globalStorageUri.fsPath, 'chroma');
  }

  /** The store for the current settings; starts the embedded server on first use. */
  async store(): Promise<VectorStore> {
    const settings = vectorStoreSettings();
    const token = settings.kind === 'remote' ? await endpointSecret(this.ctx, secretKeys.chromaToken, 'vectorStore.url', settings.url, vscode.l10n.t('the vector store (token and trained schema)')) : undefined;
    const key = JSON.stringify({ ...settings, token: token ? '1' : '' }) + (token ?? '');
    const existing = this.current ? await this.current.catch(() => undefined) : undefined;
    if (existing && existing.key !== key) await this.reset();
    if (!this.current) {
      const attempt = this.open(settings, token, key);
      this.current = attempt;
      attempt.catch(() => {
        if (this.current === attempt) this.current = undefined;
      });
    }
    const { store } = await this.current;
    return store;
  }

  /** Process id of the embedded Chroma server, when it runs (diagnostics and tests). */
  async embeddedPid(): Promise<number | null> {
    const c = this.current ? await this.current.catch(() => undefined) : undefined;
    return c?.embedded?.pid ?? null;
  }

  private async open(settings: VectorStoreSettings, token: string | undefined, key: string): Promise<Current> {
    const [{ VectorStore }, { RemoteChroma }, { EmbeddedChroma }] = await Promise.all([
      import('../../core/vector/vector-store.js'),
      import('../../core/vector/endpoint.js'),
      import('../../core/vector/chroma-server.js'),
    ]);
    if (settings.kind === 'remote') {
      if (!settings.url) {
        throw new TableTalkError('config', vscode.l10n.t('The vector store is set to "remote" but tabletalk.vectorStore.url is empty'), {
          hint: vscode.l10n.t('Run "TableTalk: Configure Vector Store" to set the Chroma URL, or switch back to the embedded store.'),
        });
      }
      const endpoint = new RemoteChroma({
        url: settings.url,
        token,
        tokenHeader: settings.tokenHeader,
        tenant: settings.tenant || undefined,
        database: settings.database || undefined,
      });
      this.ctx.log.info(`Vector store: ${endpoint.describe()}${token ? ' (auth token from secret storage)' : ''}`);
      return { key, store: new VectorStore(endpoint) };
    }
    const { checkEmbeddedChroma, readVsixTarget } = await import('../../core/vector/vsix-target.js');
    const check = checkEmbeddedChroma(readVsixTarget(this.ctx.extension.extensionPath));
    if (!check.ok) throw embeddedUnavailable(check);
    const embedded = new EmbeddedChroma({
      dataDir: this.embeddedDataDir,
      // Under desktop VS Code process.execPath is Electron; this makes it run the server script as Node.
      env: { ELECTRON_RUN_AS_NODE: '1' },
      log: (line) => (notable.test(line) ? this.ctx.log.info(line) : this.ctx.log.trace(line)),
    });
    const started = performance.now();
    try {
      await embedded.start();
    } catch (err) {
      await embedded.stop().catch(() => undefined);
      throw err;
    }
    this.ctx.log.info(`Vector store: ${embedded.describe()} at ${embedded.url}, ready in ${Math.round(performance.now() - started)} ms`);
    return { key, store: new VectorStore(embedded), embedded };
  }

  /** Forgets the current store and stops the embedded server this window started. */
  async reset(): Promise<void> {
    const c = this.current;
    this.current = undefined;
    const current = c ? await c.catch(() => undefined) : undefined;
    if (current?.embedded) {
      await current.embedded.stop().catch((err: unknown) => this.ctx.log.warn(`Stopping the embedded Chroma server failed: ${String(err)}`));
      this.ctx.log.info('Vector store: embedded Chroma server stopped');
    }
  }

  dispose(): void {
    this.listener.dispose();
    // stop() signals the child synchronously; deactivate() also awaits reset() so it is gone before exit.
    void this.reset();
  }
}

/** The embedded server cannot run from this installation: say why, and what to install or set instead. */
export function embeddedUnavailable(check: { reason: string; target: string; running: string; rightVsix?: string }): Error {
  const instead = check.rightVsix
    ? vscode.l10n.t('Install {0} (the TableTalk VSIX for {1}), or set tabletalk.vectorStore.url to a Chroma server.', check.rightVsix, check.running)
    : vscode.l10n.t('Set tabletalk.vectorStore.url to a Chroma server (run "TableTalk: Configure Vector Store").');
  const message = check.reason === 'universal'
    ? vscode.l10n.t('This is the universal TableTalk VSIX: it has no embedded Chroma server, and the embedded vector store is chosen.')
    : check.reason === 'other-platform'
      ? vscode.l10n.t('This TableTalk VSIX was built for {0}, but VS Code runs on {1}: its embedded Chroma server cannot run here.', check.target, check.running)
      : vscode.l10n.t('Chroma publishes no embedded server for {0}.', check.running);
  return Object.assign(new Error(message), { hint: instead });
}
