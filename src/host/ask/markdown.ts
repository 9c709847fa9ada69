// An answer as chat markdown: the explanation (every refusal explained), the SQL in a code block, the tables, and
// the first rows as a table. Pure, so it is unit-tested without VS Code.
import type { l10n } from 'vscode';
import type { AskAnswer, Cell } from '../../protocol/ask';
import { formatNumber } from '../format';

/**
 * What the text needs of vscode.l10n: the chat passes vscode.l10n itself, unit tests `english`. The parameter is
 * called `l10n` (and the type imported) so that `npm run l10n:export` finds the `l10n.t(...)` strings here.
 */
export interface L10n {
  t(message: string, ...args: Array<string | number>): string;
}
type _VscodeL10nFits = typeof l10n extends L10n ? true : never;

export const english: L10n = { t: (m, ...args) => m.replace(/\{(\d+)\}/g, (x, i: string) => (args[Number(i)] === undefined ? x : String(args[Number(i)]))) };

/** Characters that would break a markdown table cell or start markup. */
function cellText(value: Cell): string {
  if (value === null) return '*NULL*';
  const text = String(value).replace(/\r?\n/g, ' ');
  const short = text.length > 80 ? `${text.slice(0, 79)}…` : text;
  return short.replace(/[\\`*_{}[\]<>|#]/g, '\\$&');
}

function inline(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|#]/g, '\\$&');
}

/** A fence longer than any run of backticks in the SQL, so nothing in it can close the block. */
function fence(sql: string): string {
  const longest = Math.max(2, ...(sql.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(longest + 1);
}

export function answerMarkdown(a: AskAnswer, maxRows = 10, l10n: L10n = english, language = 'en'): string {
  const parts: string[] = [];
  const sql = a.sql ?? a.rejectedSql;
  if (a.refused) parts.push(l10n.t('**Refused:** {0}', inline(a.explanation)));
  else if (a.error) parts.push(l10n.t('**The query failed:** {0}', inline(a.explanation)));
  else parts.push(inline(a.explanation));
  if (a.modelNote) parts.push(`> ${inline(a.modelNote).replace(/\n/g, '\n> ')}`);
  if (sql) {
    const f = fence(sql);
    parts.push(`${f}sql\n${sql}\n${f}`);
  }
  const tables = a.usedTables.length ? a.usedTables : a.tables;
  if (tables.length) parts.push(l10n.t('Tables: {0}', tables.map((t) => `\`${t.replace(/`/g, '')}\``).join(', ')));
  for (const p of a.joinPaths) parts.push(l10n.t('Join path: {0}', p.tables.map(inline).join(' → ')));
  if (a.ran && a.columns.length) {
    const shown = a.rows.slice(0, maxRows);
    const head = `| ${a.columns.map((c) => cellText(c)).join(' | ')} |`;
    const rule = `|${a.columns.map(() => ' --- ').join('|')}|`;
    const body = shown.map((r) => `| ${r.map(cellText).join(' | ')} |`);
    parts.push([head, rule, ...body].join('\n'));
    const more = a.rows.length - shown.length;
    if (a.truncated) parts.push(l10n.t('*Showing {0} of the first {1} rows: the result was limited to {1} rows.*', formatNumber(shown.length, language), formatNumber(a.rowLimit, language)));
    else if (more > 0) parts.push(l10n.t('*Showing {0} of {1} rows.*', formatNumber(shown.length, language), formatNumber(a.rows.length, language)));
  } else if (a.ran) {
    parts.push(l10n.t('*The query returned no columns.*'));
  }
  if (a.context) {
    if (a.context.examples.length) {
      parts.push(l10n.t('Closest trained examples:'));
      for (const e of a.context.examples.slice(0, 3)) {
        const f = fence(e.sql);
        parts.push(`- ${inline(e.question)}\n\n${f}sql\n${e.sql}\n${f}`);
      }
    }
  }
  return parts.join('\n\n');
}
