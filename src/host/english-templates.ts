// Some texts reach the host in English from core/ (which the CLI prints as it is): training progress lines, Ask
// explanations. The host shows them in VS Code's display language by matching them against English templates,
// each with its translation; a text no template matches is shown as it came.
import type { l10n } from 'vscode';

/** What these texts need of vscode.l10n: the host passes vscode.l10n, unit tests `english` or a bundle. Named
 * `l10n` in the template modules so that `npm run l10n:export` finds their `l10n.t(...)` strings. */
export interface L10n {
  t(message: string, ...args: Array<string | number>): string;
}
type _VscodeL10nFits = typeof l10n extends L10n ? true : never;

/** The English text itself: {0}, {1}… filled in. */
export const english: L10n = { t: (m, ...args) => m.replace(/\{(\d+)\}/g, (x, i: string) => (args[Number(i)] === undefined ? x : String(args[Number(i)]))) };

/** An English template with {n} placeholders, and its l10n.t call (the same template, literally, for the export). */
export type Template = [template: string, translate: (l10n: L10n, ...args: string[]) => string];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Translates a text by the first template (in list order: put the most specific first) that matches all of it. */
export function templateTranslator(templates: Template[]): (text: string, l10n?: L10n) => string {
  const rules = templates.map(([template, translate]) => ({
    re: new RegExp(`^${template.split(/\{\d+\}/).map(escapeRe).join('([\\s\\S]+?)')}$`),
    order: [...template.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])),
    translate,
  }));
  return (text, l10n = english) => {
    for (const rule of rules) {
      const m = rule.re.exec(text);
      if (!m) continue;
      const args: string[] = [];
      rule.order.forEach((n, i) => (args[n] = m[i + 1]));
      return rule.translate(l10n, ...args);
    }
    return text;
  };
}
