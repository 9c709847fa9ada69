/**
 * Pulls the SQL out of an LLM's answer: fenced code blocks first (```sql ... ```), else the text from the first
 * line that starts like a statement up to where prose resumes. Everything found is returned, so an answer with
 * two statements reaches the guard as two statements and is refused, rather than silently running the first.
 */
import type { Dialect } from '../datasource/types';
import { splitStatements } from './sqlLexer';
import { l10n } from '../messages';
import { english, type Message } from '../messages';

export type Extracted = { sql: string; prose: string } | { sql: null; reason: string; text: Message[] };

const statementStart = /^\s*(?:\(\s*)*(SELECT|WITH|INSERT|UPDATE|DELETE|MERGE|REPLACE|UPSERT|CREATE|ALTER|DROP|TRUNCATE|GRANT|REVOKE|EXPLAIN|SHOW|DESCRIBE|PRAGMA|ATTACH|DETACH|COPY|CALL|EXEC|EXECUTE|SET|BEGIN|COMMIT|VACUUM|VALUES|LOCK|DO)\b/i;

export function extractSql(answer: string, dialect: Dialect): Extracted {
  // Reasoning models wrap their thinking in <think> tags; it is not the answer.
  const text = answer.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/\r\n/g, '\n');
  const blocks = [...text.matchAll(/```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)(?:```|$)/g)];
  let pieces: string[];
  let prose: string;
  if (blocks.length) {
    const sqlBlocks = blocks.filter((b) => /^(sql|sqlite|postgres(ql)?|pgsql|psql|mysql|mariadb|tsql|plsql)?$/i.test(b[1]) && statementStart.test(b[2]));
    pieces = sqlBlocks.map((b) => b[2]);
    prose = blocks.reduce((t, b) => t.replace(b[0], ''), text).trim();
  } else {
    const found = sqlFromProse(text);
    pieces = found ? [found.sql] : [];
    prose = found?.prose ?? text.trim();
  }
  const statements = pieces.flatMap((p) => splitStatements(p, dialect));
  if (!statements.length) {
    const said = text.trim().replace(/\s+/g, ' ');
    const why = said ? l10n.t('No SQL found in the model\'s answer: "{0}".', said.length > 200 ? `${said.slice(0, 200)}...` : said) : l10n.t('No SQL found in the model\'s answer (it was empty).');
    return { sql: null, reason: english(why), text: [why] };
  }
  return { sql: statements.join(';\n'), prose };
}

/** Without fences: from the first line starting like a statement (or "...: SELECT") up to a blank line followed by prose. */
function sqlFromProse(text: string): { sql: string; prose: string } | null {
  const lines = text.split('\n');
  let start = -1;
  let startCol = 0;
  for (let i = 0; i < lines.length && start < 0; i++) {
    if (statementStart.test(lines[i])) start = i;
    else {
      const m = /:\s*((?:SELECT|WITH)\b[\s\S]*)$/i.exec(lines[i]);
      if (m) {
        start = i;
        startCol = lines[i].length - m[1].length;
      }
    }
  }
  if (start < 0) return null;
  const taken: string[] = [lines[start].slice(startCol)];
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i];
    const previousBlank = !lines[i - 1].trim();
    // Prose resumes after a blank line with a line that does not look like SQL, or after a statement-ending
    // semicolon followed by a line that does not start a statement.
    if (line.trim() && !statementStart.test(line) && (previousBlank || /;\s*$/.test(lines[i - 1]) || looksLikeProse(line))) break;
    taken.push(line);
  }
  const prose = [...lines.slice(0, start), lines[start].slice(0, startCol), ...lines.slice(i)].join('\n').trim();
  return { sql: taken.join('\n').trim(), prose };
}

const clauseWords = new Set(['FROM', 'WHERE', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'ON', 'AND', 'OR', 'GROUP', 'ORDER', 'HAVING',
  'LIMIT', 'OFFSET', 'UNION', 'EXCEPT', 'INTERSECT', 'AS', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'NOT', 'IN', 'USING', 'WINDOW', 'OVER']);

/** "This query lists ..." is prose; "FROM Track t" or "order by total desc" is SQL. */
function looksLikeProse(line: string): boolean {
  const m = /^\s*([A-Z][a-z]+)((?:\s+[a-z][a-z'-]*){2,})/.exec(line);
  return !!m && !clauseWords.has(m[1].toUpperCase());
}
