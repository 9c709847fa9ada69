// Request/response over postMessage, shared by the host and the webviews: each request carries an id, the
// other side answers with a response of the same id. Notifications (no id) flow both ways beside them.

// protocol/ compiles without DOM or Node types; both of its runtimes have these timers.
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;

export interface RequestEnvelope<M extends string, P> {
  type: 'request';
  id: number;
  method: M;
  params: P;
}

export type ResponseEnvelope<R = unknown> = { type: 'response'; id: number; ok: true; result: R } | { type: 'response'; id: number; ok: false; error: string };

/** A map of method name -> { params, result }, e.g. `{ moveNodes: { params: {...}; result: null } }`. */
export type MethodMap = Record<string, { params: unknown; result: unknown }>;

export type RequestOf<T extends MethodMap> = { [M in keyof T & string]: RequestEnvelope<M, T[M]['params']> }[keyof T & string];

export class RequestError extends Error {
  constructor(readonly method: string, message: string) {
    super(message);
    this.name = 'RequestError';
  }
}

/**
 * The calling side: `request(method, params)` posts a request and resolves with the matching response's
 * result (or rejects with its error, or after `timeoutMs`). Feed every incoming message to `handle`.
 */
export class RpcClient<T extends MethodMap> {
  private nextId = 1;
  private readonly pending = new Map<number, { method: string; resolve: (v: unknown) => void; reject: (e: Error) => void; timer: unknown }>();

  constructor(
    private readonly post: (message: RequestOf<T>) => void,
    private readonly timeoutMs = 30000,
  ) {}

  /** `timeoutMs`: Infinity for a request that waits on the user (a save dialog). */
  request<M extends keyof T & string>(method: M, params: T[M]['params'], timeoutMs = this.timeoutMs): Promise<T[M]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            this.pending.delete(id);
            reject(new RequestError(method, `${method}: no answer within ${timeoutMs} ms`));
          }, timeoutMs)
        : undefined;
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      this.post({ type: 'request', id, method, params } as RequestOf<T>);
    });
  }

  /** Returns true when the message was a response to one of our requests. */
  handle(message: unknown): boolean {
    if (!isResponse(message)) return false;
    const p = this.pending.get(message.id);
    if (!p) return true;
    this.pending.delete(message.id);
    clearTimeout(p.timer);
    if (message.ok) p.resolve(message.result);
    else p.reject(new RequestError(p.method, message.error));
    return true;
  }

  /** Rejects everything still waiting (the other side went away). */
  dispose(reason = 'closed'): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new RequestError(p.method, `${p.method}: ${reason}`));
      this.pending.delete(id);
    }
  }
}

export function isResponse(m: unknown): m is ResponseEnvelope {
  const r = m as Partial<ResponseEnvelope> | null;
  return typeof r === 'object' && r !== null && r.type === 'response' && typeof r.id === 'number' && typeof r.ok === 'boolean';
}
