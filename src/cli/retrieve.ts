// `tabletalk retrieve --name <dataset> --question "..." [--k 5] [--json]`: what the trained model retrieves
// for a question: ranked tables, DDL, documentation and example pairs.
import { resolve } from 'node:path';
import { parseStrategy, retrieveTables } from '../core/ask/strategy';
import { RunStateStore } from '../core/dataset/run-state';
import { DatasetStore, datasetsDir } from '../core/dataset/store';
import { stringFlag, type ParsedArgs } from './args';
import { embedderForId, envHelp, openVectorStore } from './model-env';

const help = `Usage: tabletalk retrieve --name <dataset> --question "..." [--dir <folder>] [--k 5] [--strategy baseline|full] [--chroma-url <url>] [--json]

  --name        a dataset trained with "tabletalk train" in --dir
  --question    the question (any language)
  --dir         folder holding the dataset files and the embedded Chroma data; default: .
  --k           tables, documentation entries and examples to return; default 5
  --strategy    full (default): vector + BM25 over all collections, business terms, join-path bridge tables;
                baseline: the tables of the top-k DDL documents by vector search (what Vanna does)
  --chroma-url  the Chroma server the dataset was trained into, when not the embedded one
  --json        print {"tables":[...],"ddl":[...],"documentation":[...],"examples":[{"question","sql"}],"joinPaths":[...],"strategy"}

${envHelp}`;

export async function run(args: ParsedArgs): Promise<number> {
  if (args.flags.help) {
    console.log(help);
    return 0;
  }
  const name = stringFlag(args, 'name', true) as string;
  const question = stringFlag(args, 'question', true) as string;
  const dir = resolve(stringFlag(args, 'dir') ?? '.');
  const kText = stringFlag(args, 'k');
  const k = kText === undefined ? 5 : Number(kText);
  if (!Number.isInteger(k) || k < 1 || k > 100) throw new Error('--k must be a whole number from 1 to 100');
  const strategy = parseStrategy(stringFlag(args, 'strategy'));

  const dataset = await new DatasetStore(datasetsDir(dir)).require(name);
  const state = await RunStateStore.forDirectory(dir).get(dataset);
  const embedder = embedderForId(state.embedder?.id ?? 'builtin-hash-v1-1024');
  const vector = openVectorStore(args, dir);
  try {
    const r = await retrieveTables(dataset, state, question, { store: vector.store, embedder }, { strategy, k, contextItems: k });
    if (args.flags.json) {
      console.log(JSON.stringify({ tables: r.tables, ddl: r.ddl.map((d) => d.text), documentation: r.documentation, examples: r.examples, joinPaths: r.joinPaths, strategy }));
    } else {
      console.log(`Tables: ${r.tables.join(', ')}`);
      for (const p of r.joinPaths) console.log(`Join: ${p.tables.join(' -> ')}`);
      for (const e of r.examples) console.log(`\nQ: ${e.question}\n${e.sql}`);
      for (const d of r.documentation) console.log(`\n${d}`);
    }
    return 0;
  } finally {
    await vector.close();
  }
}
