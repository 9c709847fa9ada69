// The JSON Lines question files of `retrieve --questions` and `eval`: one object per line, blank lines ignored.
// A malformed line is reported by its number and the others are still answered.
import { readFile } from 'node:fs/promises';

export const MAX_QUESTION_CHARS = 4000;

export interface QuestionLine {
  line: number;
  id: unknown;
  question: string;
  /** eval: the gold tables. */
  tables?: string[];
}

export interface BadLine {
  line: number;
  id: unknown;
  error: string;
}

export async function readQuestions(file: string, needTables: boolean): Promise<(QuestionLine | BadLine)[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw Object.assign(new Error(`Cannot read the questions file ${file}: ${(e as Error).message}`), { hint: 'Give a JSON Lines file, one question object per line.' });
  }
  const out: (QuestionLine | BadLine)[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (e) {
      out.push({ line, id: null, error: `line ${line} is not JSON: ${(e as Error).message}` });
      return;
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      out.push({ line, id: null, error: `line ${line} is not a JSON object` });
      return;
    }
    const o = v as { id?: unknown; question?: unknown; tables?: unknown };
    const id = o.id ?? null;
    if (typeof o.question !== 'string' || !o.question.trim()) {
      out.push({ line, id, error: `line ${line} has no "question" text` });
      return;
    }
    if (o.question.length > MAX_QUESTION_CHARS) {
      out.push({ line, id, error: `line ${line}: the question has ${o.question.length.toLocaleString('en-US')} characters; at most ${MAX_QUESTION_CHARS.toLocaleString('en-US')} are accepted` });
      return;
    }
    if (needTables && (!Array.isArray(o.tables) || !o.tables.length || !o.tables.every((t) => typeof t === 'string' && t))) {
      out.push({ line, id, error: `line ${line} needs "tables": a non-empty list of table names` });
      return;
    }
    out.push({ line, id, question: o.question, ...(needTables ? { tables: o.tables as string[] } : {}) });
  });
  if (!out.length) throw Object.assign(new Error(`The questions file ${file} holds no questions`), { hint: needTables ? 'Write one {"question","tables":[...]} object per line.' : 'Write one {"id","question"} object per line.' });
  return out;
}

export const isBad = (l: QuestionLine | BadLine): l is BadLine => 'error' in l;

/** Median by nearest rank (the lower middle for an even count). */
export function p50(values: number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.ceil(s.length / 2) - 1];
}
