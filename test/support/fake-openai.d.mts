// Types for fake-openai.mjs (the loopback OpenAI-compatible test server), for tests written in TypeScript.
export type FakeReply =
  | string
  | undefined
  | {
      content?: string;
      vectors?: number[][];
      status?: number;
      json?: unknown;
      body?: string;
      contentType?: string;
      hang?: boolean;
      destroy?: boolean;
      delayMs?: number;
    };

export interface ChatRequest { model: string; messages: { role: string; content: string }[]; [k: string]: unknown }
export interface EmbeddingsRequest { model: string; input: string | string[]; [k: string]: unknown }

export interface FakeOpenAI {
  port: number;
  /** Base URL for the openai client, ending in /v1. */
  url: string;
  dimension: number;
  calls: { chat: number; embeddings: number };
  requests: { chat: ChatRequest[]; embeddings: EmbeddingsRequest[] };
  onChat(fn: ((body: ChatRequest, n: number) => FakeReply | Promise<FakeReply>) | null): void;
  onEmbeddings(fn: ((body: EmbeddingsRequest, n: number) => FakeReply | Promise<FakeReply>) | null): void;
  reset(): void;
  close(): Promise<void>;
}

export function fakeVector(text: string, dimension: number): number[];
export function startFakeOpenAI(options?: { dimension?: number; defaultChat?: string }): Promise<FakeOpenAI>;
