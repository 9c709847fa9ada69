// activate(): builds one context and registers features; nothing else. Heavy modules load lazily inside features.
import * as vscode from 'vscode';
import { TableTalkContext } from './host/context';
import { registerDatasources } from './host/datasources/register';

export async function activate(extensionContext: vscode.ExtensionContext): Promise<void> {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('TableTalk', { log: true });
  extensionContext.subscriptions.push(log);
  try {
    const ctx = new TableTalkContext(extensionContext, log);
    extensionContext.subscriptions.push(ctx);
    registerDatasources(ctx);
    log.info(`TableTalk activated in ${(performance.now() - started).toFixed(1)} ms`);
  } catch (err) {
    log.error('Activation failed', err);
    void vscode.window.showErrorMessage(`TableTalk failed to start: ${(err as Error).message}`, 'Show Log').then((a) => a && log.show());
  }
}

export function deactivate(): void {
  // Disposables registered on the context close pools and child processes.
}
