// VS Code loads an extension's main file as CommonJS. The host itself is an ES module built together with the
// core it loads lazily (one module graph, split into shared chunks under dist/lazy/), so each module exists once
// at run time and `instanceof` holds across them; this entry only imports that graph and hands over.
import type * as vscode from 'vscode';

type Host = typeof import('./extension');
let host: Host | undefined;

export async function activate(context: vscode.ExtensionContext): ReturnType<Host['activate']> {
  host = await import('./extension.js');
  return host.activate(context);
}

export async function deactivate(): Promise<void> {
  await host?.deactivate();
}
