/**
 * A small SQL scanner that knows where strings, quoted identifiers and comments are, as the server's own lexer
 * sees them, so the guard and the extractor can look at the SQL's structure (top-level semicolons, keywords,
 * `::`) without being fooled by text inside literals. It is not a parser: the guard parses with node-sql-parser.
 *
 * Where the dialects differ, this follows the server, not the SQL standard:
 * - MySQL/MariaDB: `/*! ... *\/`, `/*!50000 ... *\/`, `/*M! ... *\/` are executable comments (the server runs
 *   their text) and `/*+ ... *\/` holds optimizer hints; `--` starts a comment only when a space or control
 *   character follows (`--1` is two minus signs); `#` starts a comment; '...' and "..." take backslash escapes.
 *   These are reported as hazards, never silently treated as comments.
 * - PostgreSQL: block comments nest; E'...' takes backslash escapes; $tag$ ... $tag$ quotes text unless the `$`
 *   continues an identifier (a$b$ is one identifier).
 * - SQLite: '...' strings, "...", `...` and [...] identifiers, no nesting, no escapes.
 */
import type { Dialect } from '../datasource/types';

/** A construct the server reads differently from a plain comment or string: the guard refuses it. */
export type LexHazard = 'executable-comment' | 'optimizer-hint' | 'dash-dash';

export interface Masked {
  /** Same length as the input; string literals and comments replaced by spaces, quoted identifiers kept. */
  code: string;
  /** True when a string, quoted identifier or block comment was still open at the end. */
  unterminated: boolean;
  /** The first construct whose meaning differs between this scanner's simple view and the server, if any. */
  hazard: { kind: LexHazard; text: string } | null;
}

const identChar = (c: string | undefined): boolean => c !== undefined && (/[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) >= 0x80);

/** MySQL's `--` comment needs whitespace or a control character after it (or the end of the text). */
const mysqlDashComment = (c: string | undefined): boolean => c === undefined || c.charCodeAt(0) <= 0x20;

/**
 * Replaces the content of string literals and comments by spaces so keyword searches only see code.
 * Quoted identifiers stay visible unless `maskIdentifiers` (a column named "update" is not a keyword).
 */
export function maskSql(sql: string, dialect: Dialect, options: { maskIdentifiers?: boolean } = {}): Masked {
  const out = sql.split('');
  const n = sql.length;
  let i = 0;
  let unterminated = false;
  let hazard: Masked['hazard'] = null;
  const flag = (kind: LexHazard, from: number, to: number) => {
    hazard ??= { kind, text: sql.slice(from, Math.min(to, from + 40)) };
  };
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < n; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  const mysql = dialect === 'mysql';
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      if (mysql && !mysqlDashComment(sql[i + 2])) {
        flag('dash-dash', i, i + 16);
        i += 2; // two minus signs: code, as the server reads it
        continue;
      }
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (c === '#' && mysql) {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      if (mysql && (sql[i + 2] === '!' || (sql[i + 2] === 'M' && sql[i + 3] === '!'))) flag('executable-comment', i, i + 40);
      else if (mysql && sql[i + 2] === '+') flag('optimizer-hint', i, i + 40);
      const stop = dialect === 'postgres' ? nestedCommentEnd(sql, i) : flatCommentEnd(sql, i);
      if (stop < 0) unterminated = true;
      const end = stop < 0 ? n : stop;
      blank(i, end);
      i = end;
    } else if (c === "'" || (c === '"' && mysql)) {
      // MySQL lets a backslash escape the quote in both string forms; PostgreSQL only in E'...'.
      const backslash = mysql || (dialect === 'postgres' && /[eE]/.test(sql[i - 1] ?? '') && !identChar(sql[i - 2]));
      const stop = scanQuoted(sql, i, c, backslash);
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
    } else if (c === '$' && dialect === 'postgres' && !identChar(sql[i - 1])) {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 128));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        if (end < 0) unterminated = true;
        const stop = end < 0 ? n : end + tag[0].length;
        blank(i + tag[0].length, stop - tag[0].length);
        i = stop;
      } else i++;
    } else if (identChar(c)) {
      // Skip the whole word so a `$` inside an identifier never opens a dollar quote.
      while (i < n && identChar(sql[i])) i++;
    } else i++;
  }
  return { code: out.join(''), unterminated, hazard };
}

/** MySQL and SQLite: a block comment ends at the first `*\/`. */
function flatCommentEnd(sql: string, start: number): number {
  const end = sql.indexOf('*/', start + 2);
  return end < 0 ? -1 : end + 2;
}

/** PostgreSQL: block comments nest, so `/* /* *\/ x *\/` is one comment. */
function nestedCommentEnd(sql: string, start: number): number {
  let depth = 0;
  for (let i = start; i < sql.length - 1; i++) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i++;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
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

/**
 * Splits at top-level semicolons (outside literals, quoted identifiers and comments: `"a;b"` is one name);
 * empty statements are dropped.
 */
export function splitStatements(sql: string, dialect: Dialect): string[] {
  const { code } = maskSql(sql, dialect, { maskIdentifiers: true });
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i <= code.length; i++) {
    if (i === code.length || code[i] === ';') {
      const piece = sql.slice(from, i);
      if (code.slice(from, i).trim()) parts.push(piece.trim());
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
