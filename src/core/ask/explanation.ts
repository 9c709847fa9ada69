// What an Ask answer explains, as data: a list of parts rendered one after the other (each brings its own leading
// space). A part is a Message whose arguments may themselves be texts, rendered first: a refusal nested in
// "The first query was refused ({0}), …" is shown in the same language as the sentence around it. The database's
// own error messages stay as they came (plain strings).
import { english, renderMessage, type Message, type Render, type Text } from '../messages';

export interface ExplanationPart {
  message: string;
  /** Plain arguments, a nested Message, or texts rendered first and joined (a nested refusal, a guard's detail phrase). */
  args: Array<string | number | Message | Array<Text | ExplanationPart>>;
}

/** Renders the parts with `render` (vscode.l10n in the host, the --lang bundle in the CLI), English by default. */
export function renderExplanation(parts: ReadonlyArray<ExplanationPart | Message>, render: Render = english): string {
  return parts
    .map((p) =>
      render({
        message: p.message,
        args: p.args.map((a) => (Array.isArray(a) ? a.map((t) => (typeof t === 'string' ? t : renderExplanation([t], render))).join('') : typeof a === 'object' ? renderMessage(a, render) : a)),
      }),
    )
    .join('');
}
