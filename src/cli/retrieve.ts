// `tabletalk retrieve --name <dataset> --question "..." [--k 5] [--json]`: what the trained model retrieves
// for a question: ranked tables, DDL, documentation and example pairs, and why each table was chosen.
// `--questions FILE` answers a JSON Lines file of {"id","question"} in one run, one {"id","tables","ms"} line each.
import { performance } from 'node:perf_hooks';
import { parseStrategy, prefetchVectorHits, retrieveTables, type Retrieval, type RetrievalStrategy } from '../core/ask/strategy';
import type { VectorHits } from '../core/ask/rank';
import { stringFlag, type ParsedArgs } from './args';
import { envHelp } from './model-env';
import { kFlag, openDataset, type OpenDataset } from './open-dataset';
import { isBad, readQuestions } from './questions';

const help = `Usage: tabletalk retrieve --name <dataset> --question "..." [--dir <folder>] [--k 5] [--strategy baseline|full] [--chroma-url <url>] [--json]
       tabletalk retrieve --name <dataset> --questions <file.jsonl> [--dir <folder>] [--k 5] [--strategy baseline|full] --json

  --name        a dataset trained with "tabletalk train" in --dir
  --question    the question (any language)
  --questions   a JSON Lines file, one {"id","question"} per line: prints one {"id","tables":[...],"ms"} line per
                question, in order (a line that cannot be answered prints {"id","line","error"} and the exit code is 1)
  --dir         folder holding the dataset files and the embedded Chroma data; default: .
  --k           tables, documentation entries and examples to return; default 5
  --strategy    full (default): vector + BM25 over all collections, business terms, values, join-path bridge tables;
                baseline: the tables of the top-k DDL documents by vector search (what Vanna does)
  --chroma-url  the Chroma server the dataset was trained into, when not the embedded one
  --json        print {"tables":[...],"ddl":[...],"documentation":[...],"examples":[{"question","sql"}],"joinPaths":[...],"strategy",
                "reasons":[{"table","kinds":["words"|"term"|"value"|"comment"|"bridge"],"signals"}],"values":[...],"retrain"}

${envHelp}`;

/** Says once, on stderr, what a retrain would add; the model still answers. */
export function noteRetrain(r: Retrieval, said: { done: boolean }): void {
  if (r.retrain && !said.done) {
    said.done = true;
    console.error(`tabletalk: note: ${r.retrain}`);
  }
}

export async function run(args: ParsedArgs): Promise<number> {
  if (args.flags.help) {
    console.log(help);
    return 0;
  }
  const questionsFile = stringFlag(args, 'questions');
  const question = stringFlag(args, 'question', !questionsFile) as string;
  if (questionsFile && question !== undefined) throw new Error('Give --question or --questions, not both');
  stringFlag(args, 'name', true);
  const k = kFlag(args);
  const strategy = parseStrategy(stringFlag(args, 'strategy'));
  if (questionsFile) return batch(args, questionsFile, strategy, k);

  const open = await openDataset(args);
  const { dataset, state, embedder, vector } = open;
  try {
    const r = await retrieveTables(dataset, state, question, { store: vector.store, embedder }, { strategy, k, contextItems: k });
    noteRetrain(r, { done: false });
    if (args.flags.json) {
      console.log(JSON.stringify({ tables: r.tables, ddl: r.ddl.map((d) => d.text), documentation: r.documentation, examples: r.examples, joinPaths: r.joinPaths, strategy, reasons: r.reasons, values: r.values, retrain: r.retrain }));
    } else {
      console.log(`Tables: ${r.tables.join(', ')}`);
      for (const why of r.reasons) console.log(`  ${why.table}: ${why.kinds.join(', ')}`);
      for (const v of r.values) console.log(`Value: ${v.table}.${v.column} = '${v.value}'`);
      for (const p of r.joinPaths) console.log(`Join: ${p.tables.join(' -> ')}`);
      for (const e of r.examples) console.log(`\nQ: ${e.question}\n${e.sql}`);
      for (const d of r.documentation) console.log(`\n${d}`);
    }
    return 0;
  } finally {
    await vector.close();
  }
}

/** Answers every question of the file with one vector store, in order. */
async function batch(args: ParsedArgs, file: string, strategy: RetrievalStrategy, k: number): Promise<number> {
  const lines = await readQuestions(file, false);
  const open: OpenDataset = await openDataset(args);
  const { dataset, state, embedder, vector } = open;
  const said = { done: false };
  let failed = 0;
  try {
    // Start the vector store before the clock runs: "ms" is the retrieval's time, not the server's start.
    await vector.store.heartbeat();
    // The full strategy fetches the vector hits of 50 questions per request (one embedding call, one search per
    // collection), then ranks each in memory; "ms" is a question's share of its chunk's fetch plus its own ranking.
    // The first answered question loads the model's corpus (once per process).
    const CHUNK = 50;
    for (let from = 0; from < lines.length; from += CHUNK) {
      const chunk = lines.slice(from, from + CHUNK);
      const good = chunk.filter((l): l is Exclude<typeof l, { error: string }> => !isBad(l));
      let prefetched: VectorHits[] = [];
      let share = 0;
      if (strategy === 'full' && good.length) {
        const t = performance.now();
        prefetched = await prefetchVectorHits(dataset, state, good.map((l) => l.question), { store: vector.store, embedder }, k);
        share = (performance.now() - t) / good.length;
      }
      let g = 0;
      for (const l of chunk) {
        if (isBad(l)) {
          failed++;
          console.error(`tabletalk: ${l.error}`);
          console.log(JSON.stringify({ id: l.id, line: l.line, error: l.error }));
          continue;
        }
        const t = performance.now();
        // A failure here is the setup's (untrained dataset, unreachable store): it stops the run like any command.
        const r = await retrieveTables(dataset, state, l.question, { store: vector.store, embedder }, { strategy, k, contextItems: k, prefetched: prefetched[g++], noExampleRefresh: from + g > 1 });
        const ms = Math.round((performance.now() - t + share) * 10) / 10;
        noteRetrain(r, said);
        console.log(JSON.stringify({ id: l.id, tables: r.tables, ms }));
      }
    }
  } finally {
    await vector.close();
  }
  return failed ? 1 : 0;
}
