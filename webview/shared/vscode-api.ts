// The one place that touches VS Code's webview API. Tests define a fake `acquireVsCodeApi` before the bundle
// loads (recording posted messages), so the same bundle runs inside VS Code and under a fake host.

export interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare global {
  // Provided by VS Code inside webviews; it may be called only once per page.
  function acquireVsCodeApi<S = unknown>(): VsCodeApi<S>;
}

let api: VsCodeApi<unknown> | undefined;

export function vscodeApi<S>(): VsCodeApi<S> {
  if (!api) {
    if (typeof acquireVsCodeApi !== 'function') throw new Error('acquireVsCodeApi is not defined: this page must run in a VS Code webview (or under a test host that defines it)');
    api = acquireVsCodeApi<unknown>();
  }
  return api as VsCodeApi<S>;
}
