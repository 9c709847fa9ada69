/**
 * A small SQL scanner that knows where strings, quoted identifiers and comments are, so the guard and the
 * extractor can look at the SQL's structure (top-level semicolons, keywords, `::`) without being fooled by
 * text inside literals. It is not a parser: the guard parses with node-sql-parser.
 */
import type { Dialect } from '../datasource/types';

export interface Masked {
  /** Same length as the input; string literals and comments replaced by spaces, quoted identifiers kept. */
  code: string;
  /** True when a string, quoted identifier or block comment was still open at the end. */
  unterminated: boolean;
}

/**
 * Replaces the content of string literals and comments by spaces so keyword searches only see code.
 * Quoted identifiers stay visible unless `maskIdentifiers` (a column named "update" is not a keyword).
 */
export function maskSql(sql: string, dialect: Dialect, options: { maskIdentifiers?: boolean } = {}): Masked {
  const out = sql.split('');
  const n = sql.length;
  let i = 0;
  let unterminated = false;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < n; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-' || (c === '#' && dialect === 'mysql')) {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) unterminated = true;
      const stop = end < 0 ? n : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || (c === '"' && dialect === 'mysql')) {
      // MySQL treats "..." as a string by default and lets a backslash escape the quote.
      const stop = scanQuoted(sql, i, c, dialect === 'mysql');
      if (stop < 0) unterminated = true;
      const end = stop < 0 ? n : stop;
      blank(i + 1, end - 1);
      i = end;
    } else if (c === '"' || c === '`' || (c === '[' && dialect === 'sqlite')) {
      // Quoted identifiers stay visible: `"pg_sleep"(1)` still calls pg_sleep.
      const stop = scanQuoted(sql, i, c === '[' ? ']' : c, false);
      if (stop < 0) unterminated = true;
      const end = stop < 0 ? n : stop;
      if (options.maskIdentifiers) blank(i + 1, end - 1);
      i = end;
    } else if (c === '$' && dialect === 'postgres') {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        if (end < 0) unterminated = true;
        const stop = end < 0 ? n : end + tag[0].length;
        blank(i + tag[0].length, stop - tag[0].length);
        i = stop;
      } else i++;
    } else i++;
  }
  return { code: out.join(''), unterminated };
}

/** Index just past the closing quote, or -1 when the quote never closes. Doubled quotes escape. */
function scanQuoted(sql: string, start: number, close: string, backslash: boolean): number {
  for (let i = start + 1; i < sql.length; i++) {
    const c = sql[i];
    if (backslash && c === '\\') {
      i++;
      continue;
    }
    if (c === close) {
      if (sql[i + 1] === close && close !== ']') {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return -1;
}

/** Splits at top-level semicolons (outside literals and comments); empty statements are dropped. */
export function splitStatements(sql: string, dialect: Dialect): string[] {
  const { code } = maskSql(sql, dialect);
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i <= code.length; i++) {
    if (i === code.length || code[i] === ';') {
      const piece = sql.slice(from, i);
      if (maskSql(piece, dialect).code.trim()) parts.push(piece.trim());
      from = i + 1;
    }
  }
  return parts;
}

/** The code's words (upper-cased), with their offsets, ignoring literals and comments. */
export function codeWords(sql: string, dialect: Dialect): { word: string; index: number }[] {
  const { code } = maskSql(sql, dialect, { maskIdentifiers: true });
  const words: { word: string; index: number }[] = [];
  const re = /[A-Za-z_][A-Za-z0-9_$]*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(code))) {
    if (/[0-9$]/.test(code[m.index - 1] ?? '')) continue;
    words.push({ word: m[0].toUpperCase(), index: m.index });
  }
  return words;
}
