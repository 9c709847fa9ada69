import { TableTalkError } from '../errors';
/**
 * Builds the text-to-SQL prompt inside ONE token budget: the model's context window minus the tokens reserved for
 * its answer. The instructions, the question (and, in a correction round, the failed SQL and its error) are
 * mandatory and counted first; what remains is shared by four sections, each filled in relevance order:
 * DDL, documentation, join paths and examples. Every section is guaranteed its share of the remainder, so a
 * schema with huge tables cannot crowd out the examples (Vanna's flaw: DDL filled the prompt, examples were never
 * counted); what a section leaves unused goes to the sections that still have items, by the same weights.
 * Nothing reaches the messages without having been counted.
 */
import type { Dialect } from '../datasource/types';
import { dialectNames } from './guard';
import { describeStep, type JoinPath } from './joinPaths';
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from './tokens';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type SectionName = 'ddl' | 'documentation' | 'joinPaths' | 'examples';

export interface PromptInput {
  dialect: Dialect;
  question: string;
  /** Most relevant first. */
  ddl: { table: string; text: string }[];
  documentation: string[];
  joinPaths: JoinPath[];
  examples: { question: string; sql: string }[];
  /** The model's context window in tokens. */
  contextWindow: number;
  /** Tokens kept free for the answer; default: a quarter of the window, between 256 and 4096. */
  reservedOutputTokens?: number;
  /** Shares of the budget left after the mandatory parts; default ddl 0.5, examples 0.2, documentation 0.15, joinPaths 0.15. */
  weights?: Partial<Record<SectionName, number>>;
  /** Values the question names, found in the value index: sent as `Table.Column = 'value'` lines (mandatory, at most 8). */
  values?: { table: string; column: string; value: string }[];
  /** Second round: the SQL that failed and the database's error, sent back for one correction. */
  correction?: { sql: string; error: string };
}

export interface SectionReport {
  /** Tokens guaranteed to the section. */
  share: number;
  used: number;
  included: number;
  dropped: number;
}

export interface BuiltPrompt {
  messages: ChatMessage[];
  /** Token accounting: `total` is what the messages cost by the same estimate, never above `budget`. */
  budget: { contextWindow: number; reservedOutput: number; budget: number; mandatory: number; total: number; sections: Record<SectionName, SectionReport> };
  /** Tables whose DDL made it into the prompt, in order. */
  tables: string[];
  /** Examples that made it into the prompt. */
  examples: { question: string; sql: string }[];
}

export class PromptBudgetError extends TableTalkError {
  declare readonly hint: string;
  constructor(message: string) {
    super('prompt-budget', message, { hint: 'Shorten the question, or configure a model with a larger context window.' });
  }
}

const defaultWeights: Record<SectionName, number> = { ddl: 0.5, examples: 0.2, documentation: 0.15, joinPaths: 0.15 };
const sectionOrder: SectionName[] = ['ddl', 'documentation', 'joinPaths', 'examples'];

const dialectNotes: Record<Dialect, string> = {
  sqlite: [
    'Quote identifiers that need it with double quotes ("Order Details"); never backticks or brackets.',
    'Limit rows with LIMIT n (there is no TOP). Concatenate with ||.',
    "Dates are stored as text: use strftime('%Y', col), date(col), julianday(col). There is no ILIKE; LIKE is case-insensitive for ASCII.",
  ].join('\n'),
  postgres: [
    'Quote identifiers with double quotes; unquoted names fold to lower case, so quote mixed-case names exactly as in the DDL. Never backticks.',
    'Limit rows with LIMIT n. Use ILIKE for case-insensitive matching, date_trunc/EXTRACT for dates, || to concatenate.',
  ].join('\n'),
  mysql: [
    'Quote identifiers with backticks (`Order Details`); double quotes are strings here.',
    'Limit rows with LIMIT n. Use YEAR(col), DATE_FORMAT(col, ...) for dates, CONCAT() to concatenate. There is no :: cast and no ILIKE.',
  ].join('\n'),
};

function instructions(dialect: Dialect): string {
  const name = dialectNames[dialect];
  return [
    `You are an expert in ${name} SQL. Answer the user's question with ONE ${name} SELECT query (a WITH ... SELECT is fine).`,
    'Use only the tables, columns and join paths given below. Join along the listed join paths.',
    'Answer with the SQL in a single ```sql code block, then one short sentence saying what it returns. Never write INSERT, UPDATE, DELETE, DDL or more than one statement.',
    'If the tables below cannot answer the question, say so in one sentence and write no SQL.',
    `${name} notes:\n${dialectNotes[dialect]}`,
  ].join('\n');
}

interface Item {
  section: SectionName;
  tokens: number;
  render: string;
  index: number;
}

function renderExample(e: { question: string; sql: string }): [ChatMessage, ChatMessage] {
  return [
    { role: 'user', content: e.question },
    { role: 'assistant', content: `\`\`\`sql\n${e.sql.trim()}\n\`\`\`` },
  ];
}

/** "Artist.Name = 'AC/DC'": the value spelt as stored, so the model filters on it exactly. */
export function renderValue(v: { table: string; column: string; value: string }): string {
  return `${v.table}.${v.column} = '${v.value.replace(/'/g, "''")}'`;
}

function valuesBlock(values: { table: string; column: string; value: string }[]): string {
  const lines = [...new Set(values.slice(0, 8).map(renderValue))];
  return lines.length ? `\n\n=== Values in the question (as stored in the database) ===\n${lines.join('\n')}` : '';
}

function renderPath(p: JoinPath): string {
  return `${p.tables.join(' -> ')}: ${p.steps.map(describeStep).join(' AND ')}`;
}

const headers: Record<Exclude<SectionName, 'examples'>, string> = {
  ddl: '\n\n=== Tables ===\n',
  documentation: '\n\n=== Documentation ===\n',
  joinPaths: '\n\n=== Join paths ===\n',
};

export function buildPrompt(input: PromptInput): BuiltPrompt {
  const { dialect } = input;
  const window = Math.max(0, Math.floor(input.contextWindow));
  const reserved = input.reservedOutputTokens ?? Math.min(4096, Math.max(256, Math.floor(window / 4)));
  const budget = window - reserved;
  const weights = { ...defaultWeights, ...input.weights };

  const system = instructions(dialect) + valuesBlock(input.values ?? []);
  const question = input.question.trim();
  const tail: ChatMessage[] = input.correction
    ? [
        { role: 'user', content: question },
        { role: 'assistant', content: `\`\`\`sql\n${input.correction.sql}\n\`\`\`` },
        { role: 'user', content: `That query failed on ${dialectNames[dialect]} with this error:\n${input.correction.error.slice(0, 2000)}\nWrite a corrected query.` },
      ]
    : [{ role: 'user', content: question }];
  const mandatory = estimateTokens(system) + MESSAGE_OVERHEAD_TOKENS + tail.reduce((n, m) => n + estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS, 0);
  if (mandatory > budget) {
    throw new PromptBudgetError(`The question and instructions need about ${mandatory} tokens but the model's context window leaves ${Math.max(0, budget)} for the prompt.`);
  }

  const items: Record<SectionName, Item[]> = { ddl: [], documentation: [], joinPaths: [], examples: [] };
  input.ddl.forEach((d, index) => items.ddl.push({ section: 'ddl', index, render: d.text.trim(), tokens: estimateTokens(d.text.trim()) + 1 }));
  input.documentation.forEach((d, index) => items.documentation.push({ section: 'documentation', index, render: d.trim(), tokens: estimateTokens(d.trim()) + 1 }));
  input.joinPaths.forEach((p, index) => {
    const render = renderPath(p);
    items.joinPaths.push({ section: 'joinPaths', index, render, tokens: estimateTokens(render) + 1 });
  });
  input.examples.forEach((e, index) => {
    const [q, a] = renderExample(e);
    items.examples.push({ section: 'examples', index, render: '', tokens: estimateTokens(q.content) + estimateTokens(a.content) + 2 * MESSAGE_OVERHEAD_TOKENS });
  });
  // A section's header costs tokens only when the section has content.
  const headerCost = (s: SectionName) => (s === 'examples' ? 0 : estimateTokens(headers[s]));

  const available = budget - mandatory;
  const totalWeight = sectionOrder.reduce((n, s) => n + (weights[s] > 0 ? weights[s] : 0), 0) || 1;
  const share = Object.fromEntries(sectionOrder.map((s) => [s, Math.floor((available * Math.max(0, weights[s])) / totalWeight)])) as Record<SectionName, number>;
  const used = Object.fromEntries(sectionOrder.map((s) => [s, 0])) as Record<SectionName, number>;
  const taken = Object.fromEntries(sectionOrder.map((s) => [s, new Set<number>()])) as Record<SectionName, Set<number>>;
  const costOf = (s: SectionName, item: Item) => item.tokens + (taken[s].size === 0 ? headerCost(s) : 0);

  // Fills a section in relevance order within `limit`; an item too big is skipped so smaller relevant ones still fit.
  const fill = (s: SectionName, limit: number) => {
    for (const item of items[s]) {
      if (taken[s].has(item.index)) continue;
      const cost = costOf(s, item);
      if (used[s] + cost <= limit) {
        taken[s].add(item.index);
        used[s] += cost;
      } else if (taken[s].size === 0 && s !== 'examples' && s !== 'joinPaths') {
        // The most relevant table alone is bigger than the share: send its head rather than nothing.
        const cut = truncateLines(item.render, limit - used[s] - headerCost(s) - 1);
        if (cut) {
          item.render = cut;
          item.tokens = estimateTokens(cut) + 1;
          used[s] += headerCost(s) + item.tokens;
          taken[s].add(item.index);
        }
      }
    }
  };

  // 1. Guaranteed shares.
  for (const s of sectionOrder) fill(s, share[s]);
  // 2. Leftovers to the sections that still have items, by weight, until nothing more fits.
  for (let round = 0; round < 8; round++) {
    const left = available - sectionOrder.reduce((n, s) => n + used[s], 0);
    const hungry = sectionOrder.filter((s) => weights[s] > 0 && items[s].some((it) => !taken[s].has(it.index) && costOf(s, it) <= left));
    if (!hungry.length || left <= 0) break;
    const w = hungry.reduce((n, s) => n + weights[s], 0);
    const before = hungry.reduce((n, s) => n + used[s], 0);
    for (const s of hungry) fill(s, used[s] + Math.floor((left * weights[s]) / w));
    if (hungry.reduce((n, s) => n + used[s], 0) === before) {
      // Shares too small for any next item: give the whole leftover to sections in weight order.
      for (const s of [...hungry].sort((a, b) => weights[b] - weights[a])) fill(s, used[s] + (available - sectionOrder.reduce((n, x) => n + used[x], 0)));
      break;
    }
  }

  const pick = (s: SectionName) => items[s].filter((it) => taken[s].has(it.index));
  let systemText = system;
  for (const s of ['ddl', 'documentation', 'joinPaths'] as const) {
    const chosen = pick(s);
    if (chosen.length) systemText += headers[s] + chosen.map((it) => it.render).join('\n');
  }
  const chosenExamples = pick('examples').map((it) => input.examples[it.index]);
  const messages: ChatMessage[] = [{ role: 'system', content: systemText }, ...chosenExamples.flatMap(renderExample), ...tail];
  const total = messages.reduce((n, m) => n + estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS, 0);

  const sections = Object.fromEntries(
    sectionOrder.map((s) => [s, { share: share[s], used: used[s], included: taken[s].size, dropped: items[s].length - taken[s].size }]),
  ) as Record<SectionName, SectionReport>;
  return {
    messages,
    budget: { contextWindow: window, reservedOutput: reserved, budget, mandatory, total, sections },
    tables: pick('ddl').map((it) => input.ddl[it.index].table),
    examples: chosenExamples,
  };
}

/** The first lines of `text` that fit in `tokens`, with a note of what was cut; null when not even one line fits. */
function truncateLines(text: string, tokens: number): string | null {
  const lines = text.split('\n');
  const out: string[] = [];
  let cost = 0;
  for (const line of lines) {
    const c = estimateTokens(`${line}\n`);
    // Keep room for the note.
    if (cost + c + 12 > tokens) break;
    out.push(line);
    cost += c;
  }
  if (!out.length) return null;
  return `${out.join('\n')}\n-- (${lines.length - out.length} more lines not shown)`;
}
