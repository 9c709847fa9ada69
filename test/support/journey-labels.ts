// The labels a user sees, in the display language under test, read from the extension's own translation tables
// (package.nls.<locale>.json for contributions, the @vscode/l10n bundle for host strings, the webviews' own string
// tables). For a locale
// other than English a missing translation fails with the string that is missing: falling back to English here
// would let the Chinese journey pass on an English UI.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format as formatWebview, pickLocale } from '../../webview/shared/l10n';
import { tables as canvasTables, type CanvasStringKey } from '../../webview/canvas/strings';
import { tables as askTables, type AskStringKey } from '../../webview/ask/strings';

const repo = join(__dirname, '..', '..');

function readJson(file: string): Record<string, unknown> | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
}

/** A bundle value is a string, or { message, comment } when the source gave a comment. */
function message(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') return (v as { message: string }).message;
  return undefined;
}

const format = (s: string, args: (string | number)[]) => s.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));

export interface Labels {
  locale: string;
  /** A host or webview string (the English source text of `l10n.t`), translated, with {0}… filled in. */
  t(english: string, ...args: (string | number)[]): string;
  /** A package.json contribution (command title, view name…), by its English text. */
  pkg(english: string): string;
  /** The label of the button that runs `command` in the welcome content of `view`. */
  welcomeButton(view: string, command: string): string;
  /** A modeling-canvas webview string. */
  canvas(key: CanvasStringKey, ...args: (string | number)[]): string;
  /** An Ask-panel webview string. */
  ask(key: AskStringKey, ...args: (string | number)[]): string;
}

interface Manifest {
  l10n?: string;
  contributes?: { viewsWelcome?: { view: string; contents: string }[] };
}

/** Finds `[label](command:<command>…)` in welcome markdown. */
function buttonIn(contents: string, command: string): string | undefined {
  return [...contents.matchAll(/\[([^\]]+)\]\(command:([\w.]+)/g)].find((m) => m[2] === command)?.[1];
}

export function labels(locale: string): Labels {
  const manifest = readJson(join(repo, 'package.json')) as Manifest;
  const nlsEnFile = join(repo, 'package.nls.json');
  const nlsEn = readJson(nlsEnFile);
  /** Welcome markdown as the manifest holds it (literal text, or a "%key%" into the given nls table), every entry of
   * the view joined: a view has several welcomes for different states ("Loading TableTalk…", then the empty one). */
  const welcome = (view: string, table: Record<string, unknown> | undefined, tableFile: string) => {
    const raws = (manifest.contributes?.viewsWelcome ?? []).filter((w) => w.view === view).map((w) => w.contents);
    if (!raws.length) throw new Error(`package.json has no viewsWelcome for ${view}.`);
    return raws.map((raw) => {
      const key = /^%(.+)%$/.exec(raw)?.[1];
      if (!key) return raw;
      const text = message(table?.[key]);
      if (!text) throw new Error(`The welcome of ${view} ("${key}") is not in ${tableFile}.`);
      return text;
    }).join('\n');
  };
  const button = (contents: string, view: string, command: string) => {
    const label = buttonIn(contents, command);
    if (!label) throw new Error(`The welcome of ${view} has no button for ${command}.`);
    return label;
  };
  const webview = {
    canvas: (key: CanvasStringKey, ...args: (string | number)[]) => formatWebview(canvasTables[pickLocale(locale)][key], args),
    ask: (key: AskStringKey, ...args: (string | number)[]) => formatWebview(askTables[pickLocale(locale)][key], args),
  };
  if (locale === 'en') {
    return { locale, t: (s, ...args) => format(s, args), pkg: (s) => s, welcomeButton: (view, command) => button(welcome(view, nlsEn, nlsEnFile), view, command), ...webview };
  }
  const bundleFile = join(repo, manifest.l10n ?? './l10n', `bundle.l10n.${locale}.json`);
  const nlsFile = join(repo, `package.nls.${locale}.json`);
  const bundle = readJson(bundleFile);
  const nls = readJson(nlsFile);
  return {
    ...webview,
    welcomeButton(view, command) {
      if (!nls) throw new Error(`No ${locale} translations for package.json: ${nlsFile} does not exist.`);
      return button(welcome(view, nls, nlsFile), view, command);
    },
    locale,
    t(english, ...args) {
      if (!bundle) throw new Error(`No ${locale} translations for the extension's strings: ${bundleFile} does not exist.`);
      const hit = message(bundle[english]);
      if (!hit) throw new Error(`"${english}" has no ${locale} translation in ${bundleFile}.`);
      return format(hit, args);
    },
    pkg(english) {
      if (!nlsEn || !nls) throw new Error(`No ${locale} translations for package.json: ${!nlsEn ? nlsEnFile : nlsFile} does not exist.`);
      const key = Object.keys(nlsEn).find((k) => message(nlsEn[k]) === english);
      if (!key) throw new Error(`"${english}" is not in ${nlsEnFile}.`);
      const hit = message(nls[key]);
      if (!hit) throw new Error(`"${key}" ("${english}") has no ${locale} translation in ${nlsFile}.`);
      return hit;
    },
  };
}
