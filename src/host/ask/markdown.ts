// An answer as chat markdown: the explanation (every refusal explained), the SQL in a code block, the tables, and
// the first rows as a table. Pure, so it is unit-tested without VS Code.
import type { AskAnswer, Cell } from '../../protocol/ask';

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

export function answerMarkdown(a: AskAnswer, maxRows = 10): string {
  const parts: string[] = [];
  const sql = a.sql ?? a.rejectedSql;
  if (a.refused) parts.push(`**Refused:** ${inline(a.explanation)}`);
  else if (a.error) parts.push(`**The query failed:** ${inline(a.explanation)}`);
  else parts.push(inline(a.explanation));
  if (a.modelNote) parts.push(`> ${inline(a.modelNote).replace(/\n/g, '\n> ')}`);
  if (sql) {
    const f = fence(sql);
    parts.push(`${f}sql\n${sql}\n${f}`);
  }
  const tables = a.usedTables.length ? a.usedTables : a.tables;
  if (tables.length) parts.push(`Tables: ${tables.map((t) => `\`${t.replace(/`/g, '')}\``).join(', ')}`);
  for (const p of a.joinPaths) parts.push(`Join path: ${p.tables.map(inline).join(' → ')}`);
  if (a.ran && a.columns.length) {
    const shown = a.rows.slice(0, maxRows);
    const head = `| ${a.columns.map((c) => cellText(c)).join(' | ')} |`;
    const rule = `|${a.columns.map(() => ' --- ').join('|')}|`;
    const body = shown.map((r) => `| ${r.map(cellText).join(' | ')} |`);
    parts.push([head, rule, ...body].join('\n'));
    const more = a.rows.length - shown.length;
    if (a.truncated) parts.push(`*Showing ${shown.length} of the first ${a.rowLimit.toLocaleString('en-US')} rows: the result was limited to ${a.rowLimit.toLocaleString('en-US')} rows.*`);
    else if (more > 0) parts.push(`*Showing ${shown.length} of ${a.rows.length.toLocaleString('en-US')} rows.*`);
  } else if (a.ran) {
    parts.push('*The query returned no columns.*');
  }
  if (a.context) {
    if (a.context.examples.length) {
      parts.push('Closest trained examples:');
      for (const e of a.context.examples.slice(0, 3)) {
        const f = fence(e.sql);
        parts.push(`- ${inline(e.question)}\n\n${f}sql\n${e.sql}\n${f}`);
      }
    }
  }
  return parts.join('\n\n');
}
