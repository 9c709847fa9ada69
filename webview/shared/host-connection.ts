// Typed link to the extension host: requests with ids (answered by responses) and host notifications.
import { RpcClient, type MethodMap, type RequestOf } from '../../src/protocol/rpc';
import { vscodeApi } from './vscode-api';

export interface HostConnection<T extends MethodMap, FromHost> {
  /** `timeoutMs`: Infinity for a request that waits on the user (a save dialog). */
  request<M extends keyof T & string>(method: M, params: T[M]['params'], timeoutMs?: number): Promise<T[M]['result']>;
  /** Posts a notification (e.g. `ready`). */
  notify(message: { type: string } & Record<string, unknown>): void;
  /** Host messages that are not responses; returns an unsubscribe function. */
  onMessage(listener: (message: FromHost) => void): () => void;
}

export function connectToHost<T extends MethodMap, FromHost>(): HostConnection<T, FromHost> {
  const api = vscodeApi();
  const rpc = new RpcClient<T>((m: RequestOf<T>) => api.postMessage(m));
  const listeners = new Set<(m: FromHost) => void>();
  window.addEventListener('message', (event: MessageEvent) => {
    if (rpc.handle(event.data)) return;
    for (const l of listeners) l(event.data as FromHost);
  });
  window.addEventListener('error', (e) => {
    // Chromium reports this when a resize callback changes layout again; it is harmless and expected with React Flow.
    if (/ResizeObserver loop/.test(e.message)) return;
    api.postMessage({ type: 'error', message: `${e.message} (${e.filename}:${e.lineno})` });
  });
  window.addEventListener('unhandledrejection', (e) => api.postMessage({ type: 'error', message: String((e.reason as Error)?.message ?? e.reason) }));
  return {
    request: (method, params, timeoutMs) => rpc.request(method, params, timeoutMs),
    notify: (message) => api.postMessage(message),
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
