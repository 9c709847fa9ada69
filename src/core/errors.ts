// One error type for every layer: a code to branch on, the message and a hint of what to do (both as data, see
// messages.ts), and the cause. `message` and `hint` hold the English text (logs, and callers that only print);
// renderers use `text` and `hintText`. Callers branch on `instanceof` and `code`, never on `name` or the text.
import { english, renderMessage, type Render, type Text } from './messages';

export class TableTalkError extends Error {
  readonly code: string;
  readonly text: Text;
  readonly hintText?: Text;
  readonly hint?: string;

  constructor(code: string, text: Text, options?: { hint?: Text; cause?: unknown }) {
    super(typeof text === 'string' ? text : english(text), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.text = text;
    if (options?.hint !== undefined) {
      this.hintText = options.hint;
      this.hint = typeof options.hint === 'string' ? options.hint : english(options.hint);
    }
  }
}

/** Message and hint of any error, rendered by `render` (a TableTalkError's data; other errors' text as it is). */
export function describe(err: unknown, render: Render): { message: string; hint?: string } {
  if (err instanceof TableTalkError) {
    const r = (t: Text) => (typeof t === 'string' ? t : renderMessage(t, render));
    return { message: r(err.text), ...(err.hintText !== undefined ? { hint: r(err.hintText) } : {}) };
  }
  const e = err as { message?: unknown; hint?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return { message, ...(typeof e?.hint === 'string' && e.hint ? { hint: e.hint } : {}) };
}

/** An error as text to nest in a Message's arguments: a TableTalkError's data, any other error's words as they came. */
export function errorTextOf(err: unknown): Text {
  if (err instanceof TableTalkError) return err.text;
  const e = err as { message?: unknown } | undefined;
  return typeof e?.message === 'string' ? e.message : String(err);
}

/** An error's hint as text, if it has one (a TableTalkError's data; another error's `hint` string as it came). */
export function errorHintOf(err: unknown): Text | undefined {
  if (err instanceof TableTalkError) return err.hintText;
  const h = (err as { hint?: unknown } | undefined)?.hint;
  return typeof h === 'string' && h ? h : undefined;
}
