// Webview strings in VS Code's display language. The host writes vscode.env.language into <html lang="…">
// (src/host/*/html.ts), so the first render is already in the right language, with no message round trip.
// Each webview keeps its own table (canvas/strings.ts, ask/strings.ts): English, plus a Chinese table typed
// Record<key, string>, so a missing or misspelt translation is a compile error.

export type Locale = 'en' | 'zh-cn';
export type Arg = string | number;

/** Simplified Chinese for 'zh-cn' and its aliases; English for every other language VS Code reports. */
export function pickLocale(lang: string | undefined | null): Locale {
  const l = (lang ?? '').toLowerCase();
  return l === 'zh' || l === 'zh-cn' || l === 'zh-sg' || l.startsWith('zh-hans') ? 'zh-cn' : 'en';
}

/** Fills {0}, {1}… like vscode.l10n.t. */
export function format(template: string, args: readonly Arg[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));
}

/** The page's language: <html lang> as the host wrote it ('en' outside a browser, e.g. in unit tests). */
export function pageLocale(): Locale {
  return pickLocale(typeof document === 'undefined' ? 'en' : document.documentElement.lang);
}

/**
 * A `t(key, ...args)` over a webview's tables. The locale is read on each call (cheap), so a module can create
 * its `t` at import time, before the document exists in tests.
 */
export function translator<K extends string>(tables: Record<Locale, Record<K, string>>): (key: K, ...args: Arg[]) => string {
  return (key, ...args) => format(tables[pageLocale()][key] ?? tables.en[key], args);
}

/** Numbers as the page's language writes them (1,000 / 1,000; the BCP 47 tag VS Code uses). */
export function formatNumber(n: number): string {
  return n.toLocaleString(pageLocale() === 'zh-cn' ? 'zh-CN' : 'en-US');
}
