// The CLI's language: `--lang <tag>`, else the environment's locale (LC_ALL, LC_MESSAGES, LANG), else English.
// Core's messages (src/core/messages.ts) are rendered with @vscode/l10n from the extension's own bundles
// (l10n/bundle.l10n.<lang>.json), so the CLI says what VS Code says. An unknown --lang falls back to English
// with one warning line.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { renderMessage, type Message } from '../core/messages';

/** The folder holding the bundles: l10n/ at the root of the repository or of the installed extension. */
function bundleDir(): string | undefined {
  for (let d = __dirname; dirname(d) !== d; d = dirname(d)) if (existsSync(join(d, 'l10n', 'bundle.l10n.json'))) return join(d, 'l10n');
  return undefined;
}

/** "zh_CN.UTF-8", "zh-CN" -> "zh-cn"; "C", "POSIX" and empty -> undefined (no preference). */
export function normalizeLocale(tag: string | undefined): string | undefined {
  const t = tag?.split(/[.@]/)[0].replace(/_/g, '-').toLowerCase().trim();
  return !t || t === 'c' || t === 'posix' ? undefined : t;
}

/** The bundle language for a tag among the available ones ('zh' finds 'zh-cn'); 'en' needs none. */
export function bundleLanguage(tag: string, available: string[]): string | undefined {
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  return available.find((a) => a === tag) ?? available.find((a) => a.split('-')[0] === tag.split('-')[0]);
}

export interface CliLanguage {
  lang: string;
  /** One line for stderr when --lang named a language TableTalk does not speak. */
  warning?: string;
  render(m: Message): string;
}

/** Sets up rendering for `--lang` (or the environment) and returns the language chosen. */
export function cliLanguage(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): CliLanguage {
  const dir = bundleDir();
  const available = dir ? readdirSync(dir).map((f) => /^bundle\.l10n\.(.+)\.json$/.exec(f)?.[1]).filter((x): x is string => !!x) : [];
  const wanted = normalizeLocale(flag) ?? normalizeLocale(env.LC_ALL) ?? normalizeLocale(env.LC_MESSAGES) ?? normalizeLocale(env.LANG) ?? 'en';
  let lang = bundleLanguage(wanted, available);
  let warning: string | undefined;
  if (!lang) {
    if (flag !== undefined) warning = `tabletalk: warning: no "${flag}" translation (available: en, ${available.join(', ')}); using English`;
    lang = 'en';
  }
  if (lang !== 'en' && dir) l10n.config({ fsPath: join(dir, `bundle.l10n.${lang}.json`) });
  return { lang, warning, render };
}

/** A Message in the CLI's language (the one cliLanguage set up; English before that or without a bundle). */
export const render = (m: Message): string => renderMessage(m, (f) => l10n.t(f.message, ...f.args));

/** argv without `--lang X` / `--lang=X` (a global flag, not a command's), and its value. */
export function takeLangFlag(argv: string[]): { argv: string[]; lang?: string } {
  const rest: string[] = [];
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--lang=')) lang = a.slice('--lang='.length);
    else if (a === '--lang' && i + 1 < argv.length) lang = argv[++i];
    else rest.push(a);
  }
  return { argv: rest, lang };
}
