// Where each SQL statement of a document starts and ends, so "Run Query" can run the one under the cursor and a
// CodeLens can sit on each. Semicolons inside strings, quoted identifiers and comments do not split (maskSql).
import type { Dialect } from '../datasource/types';
import { maskSql } from './sqlLexer';

export interface StatementRange {
  /** Offsets in the text: start of the first code character, end after the last (the semicolon excluded). */
  start: number;
  end: number;
}

export function statementRanges(text: string, dialect: Dialect = 'postgres'): StatementRange[] {
  const { code } = maskSql(text, dialect, { maskIdentifiers: true });
  const out: StatementRange[] = [];
  let from = 0;
  const push = (to: number) => {
    // Only code counts: a part that is all comments or blanks is no statement. Bounds come from the masked
    // text, so a leading comment stays outside and the statement starts at its first keyword.
    const part = code.slice(from, to);
    const lead = part.search(/\S/);
    if (lead >= 0) out.push({ start: from + lead, end: from + part.trimEnd().length });
    from = to + 1;
  };
  for (let i = 0; i < code.length; i++) if (code[i] === ';') push(i);
  push(code.length);
  return out;
}

/** The statement containing `offset`, else the nearest one before it (cursor after a `;`), else the first after. */
export function statementAt(text: string, offset: number, dialect: Dialect = 'postgres'): StatementRange | undefined {
  const all = statementRanges(text, dialect);
  const inside = all.find((r) => offset >= r.start && offset <= r.end + 1);
  if (inside) return inside;
  return [...all].reverse().find((r) => r.end <= offset) ?? all.find((r) => r.start >= offset);
}
