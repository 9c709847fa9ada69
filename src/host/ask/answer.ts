// Turns H5's AskResult (and a re-run of edited SQL) into what the Ask panel and the chat show: rows as plain
// cells, join paths as readable hops. Pure: no vscode, so the conversion is the same everywhere.
import type { AskResult } from '../../core/ask/ask';
import { renderExplanation } from '../../core/ask/explanation';
import { english, type Message } from '../../core/messages';
import type { JoinPath } from '../../core/ask/joinPaths';
import type { AskAnswer, AskDialect, AskJoinPath, Cell } from '../../protocol/ask';

const MAX_BYTES_SHOWN = 64;

/** One value as the webview can show, sort and copy it. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    default:
      break;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (value instanceof Uint8Array) {
    const hex = Buffer.from(value.subarray(0, MAX_BYTES_SHOWN)).toString('hex');
    return `0x${hex}${value.length > MAX_BYTES_SHOWN ? `… (${value.length} bytes)` : ''}`;
  }
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return String(value);
  }
}

export function toRows(columns: string[], rows: Record<string, unknown>[]): Cell[][] {
  return rows.map((r) => columns.map((c) => toCell(r[c])));
}

export function describeJoinPath(p: JoinPath): AskJoinPath {
  return { tables: p.tables, steps: p.steps.map((s) => s.leftColumns.map((c, i) => `${s.left}.${c} = ${s.right}.${s.rightColumns[i] ?? c}`).join(' AND ')) };
}

/** The refusal with its reason rendered (the webview gets words, not messages). */
export function renderedRefusal(refused: AskResult['refused'], render: (m: Message) => string): AskAnswer['refused'] {
  return refused && { code: refused.code, reason: renderExplanation(refused.text, render) };
}

/** The panel's view of a result of ask(), its words rendered by `render` (the host passes vscode.l10n). */
export function answerFromResult(id: number, r: AskResult, render: (m: Message) => string = english): AskAnswer {
  const last = r.attempts[r.attempts.length - 1];
  return {
    id,
    origin: 'ask',
    question: r.question,
    dialect: r.dialect as AskDialect,
    strategy: r.strategy,
    sql: r.sql,
    // A refused or failing query is still shown, so the user can read and fix it.
    rejectedSql: r.sql === null ? (last?.sql ?? null) : r.error ? r.sql : null,
    tables: r.tables,
    reasons: r.reasons?.map((x) => ({ table: x.table, kinds: x.kinds })),
    // As the prompt writes them (prompt.ts renderValue), without loading the prompt module into the host bundle.
    values: r.values?.map((v) => `${v.table}.${v.column} = '${v.value.replace(/'/g, "''")}'`),
    usedTables: r.usedTables,
    joinPaths: r.joinPaths.map(describeJoinPath),
    ran: r.ran,
    columns: r.columns,
    rows: toRows(r.columns, r.rows),
    truncated: r.truncated,
    rowLimit: r.rowLimit,
    ms: r.ms,
    refused: renderedRefusal(r.refused, render),
    error: r.error,
    explanation: renderExplanation(r.explanationParts, render),
    modelNote: r.modelNote,
    context: r.context,
  };
}
