// Messages as data. Core never renders words for a language: it returns and throws a Message (the English
// template, which is the key of @vscode/l10n's bundles, and its arguments) and whoever shows it renders it once:
// the host with vscode.l10n.t(message), the CLI with @vscode/l10n and the bundle of --lang (src/cli/l10n.ts).
// An argument may itself be a Message (an error nested in "Cannot read the schema of the datasource: {0}"): it is
// rendered first, by the same renderer, so the inner text is in the same language as the sentence around it.

/** An argument of a Message: a value shown as it is, or a nested Message rendered first. */
export type MessageArg = string | number | Message;

/** A template and its arguments; nested Messages are rendered by renderMessage before the bundle look-up. */
export interface Message {
  message: string;
  args: MessageArg[];
}

/** The shape vscode.l10n.t({ message, args }) and @vscode/l10n's t({ message, args }) accept: no nesting left. */
export interface FlatMessage {
  message: string;
  args: Array<string | number>;
}

/** Renders one flat Message: a bundle look-up (vscode.l10n.t in the host, @vscode/l10n in the CLI). */
export type Render = (m: FlatMessage) => string;

/**
 * Builds a Message. Named `l10n.t` on purpose: `npm run l10n:export` collects the templates of every
 * `l10n.t('…')` call under src/, so core's templates land in the same bundles as the host's. It renders nothing.
 */
export const l10n = {
  t(message: string, ...args: MessageArg[]): Message {
    return { message, args };
  },
};

export function isMessage(v: unknown): v is Message {
  return !!v && typeof v === 'object' && typeof (v as Message).message === 'string' && Array.isArray((v as Message).args);
}

/** Renders a Message with `render`, its nested Messages first (depth-first, with the same renderer). */
export function renderMessage(m: Message, render: Render): string {
  return render({ message: m.message, args: m.args.map((a) => (typeof a === 'object' ? renderMessage(a, render) : a)) });
}

/** Fills a template's {0}, {1}… with its arguments: the English text (logs, and any renderer without a bundle). */
export function fill(template: string, args: ReadonlyArray<MessageArg>): string {
  return template.replace(/\{(\d+)\}/g, (x, i: string) => {
    const a = args[Number(i)];
    return a === undefined ? x : typeof a === 'object' ? english(a) : String(a);
  });
}

/** A Message, or a plain string (text from elsewhere that has no template), rendered by `render`. */
export type Text = Message | string;

export function renderText(text: Text, render: Render): string {
  return typeof text === 'string' ? text : renderMessage(text, render);
}

export const english = (m: Message): string => fill(m.message, m.args);
