// Messages as data. Core never renders words for a language: it returns and throws a Message (the English
// template, which is the key of @vscode/l10n's bundles, and its arguments) and whoever shows it renders it once:
// the host with vscode.l10n.t(message), the CLI with @vscode/l10n and the bundle of --lang (src/cli/l10n.ts).

/** The shape vscode.l10n.t({ message, args }) and @vscode/l10n's t({ message, args }) accept. */
export interface Message {
  message: string;
  args: Array<string | number>;
}

/**
 * Builds a Message. Named `l10n.t` on purpose: `npm run l10n:export` collects the templates of every
 * `l10n.t('…')` call under src/, so core's templates land in the same bundles as the host's. It renders nothing.
 */
export const l10n = {
  t(message: string, ...args: Array<string | number>): Message {
    return { message, args };
  },
};

/** Fills a template's {0}, {1}… with its arguments: the English text (logs, and any renderer without a bundle). */
export function fill(template: string, args: ReadonlyArray<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (x, i: string) => (args[Number(i)] === undefined ? x : String(args[Number(i)])));
}

/** A Message, or a plain string (text from elsewhere that has no template), rendered by `render`. */
export type Text = Message | string;

export function renderText(text: Text, render: (m: Message) => string): string {
  return typeof text === 'string' ? text : render(text);
}

export const english = (m: Message): string => fill(m.message, m.args);
