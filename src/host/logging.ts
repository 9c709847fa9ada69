// One log for the whole extension, with secrets scrubbed before anything reaches the output channel.
import * as vscode from 'vscode';
import { redactText } from '../core/redact';
import { describe } from '../core/errors';
import { english } from '../core/messages';

/** The part of LogOutputChannel features use; every line passes through redact(). */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  /** Logs the message and, when given, the error's message, hint and cause (never a stack with secrets). */
  error(message: string, err?: unknown): void;
  show(): void;
}

/** Passwords in URLs (`scheme://user:pass@host`) and every secret value the extension has handled. */
export function redact(text: string, secrets: Iterable<string>): string {
  return redactText(text, secrets);
}

/** A readable one-paragraph description of an error, in English (logs): message, hint, and cause. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { message, hint } = describe(err, english);
  const parts = [message];
  if (hint) parts.push(hint);
  const cause = err.cause;
  if (cause instanceof Error && cause.message && !err.message.includes(cause.message)) parts.push(`(${cause.message})`);
  return parts.join(' ');
}

export function createLogger(channel: vscode.LogOutputChannel, secrets: () => Iterable<string>): Logger {
  const clean = (m: string) => redact(m, secrets());
  return {
    trace: (m) => channel.trace(clean(m)),
    debug: (m) => channel.debug(clean(m)),
    info: (m) => channel.info(clean(m)),
    warn: (m) => channel.warn(clean(m)),
    error: (m, err) => channel.error(clean(err === undefined ? m : `${m}: ${describeError(err)}`)),
    show: () => channel.show(true),
  };
}
