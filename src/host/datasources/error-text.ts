// Errors in VS Code's display language. Core throws TableTalkError with its message and hint as data
// (src/core/messages.ts), rendered here from the bundle, nested Messages included. Any other error (a driver's,
// Node's, a server's) is shown in its own words as it came: nothing is translated by matching its text.
import type { l10n } from 'vscode';
import { describe, TableTalkError } from '../../core/errors';
import { fill } from '../../core/messages';

/** What rendering needs of vscode.l10n: the host passes vscode.l10n, unit tests a bundle (or English by default). */
export interface L10n {
  t(message: string, ...args: Array<string | number>): string;
}
type _VscodeL10nFits = typeof l10n extends L10n ? true : never;

const english: L10n = { t: (m, ...args) => fill(m, args) };

/** Message and hint of an error in the display language: a TableTalkError's data from the bundle, else as it came. */
export function errorParts(err: unknown, api: L10n = english): { message: string; hint?: string } {
  return describe(err, (m) => api.t(m.message, ...m.args));
}

/** Like describeError (message, hint, cause) in ../logging.ts, with the message and hint in the display language. */
export function describeErrorIn(err: unknown, api: L10n = english): string {
  if (!(err instanceof Error)) return String(err);
  const { message, hint } = errorParts(err, api);
  const parts = [message];
  if (hint) parts.push(hint);
  const cause = err.cause;
  if (cause instanceof Error && cause.message && !err.message.includes(cause.message)) parts.push(`(${cause instanceof TableTalkError ? errorParts(cause, api).message : cause.message})`);
  return parts.join(' ');
}
