// `tabletalk retrieve --name <dataset> --question "..." [--k 5] [--json]`: what the trained model retrieves
// for a question: ranked tables, DDL, documentation and example pairs.
import { resolve } from 'node:path';
import { retrieve } from '../core/ask/retrieve';
import { RunStateStore } from '../core/dataset/run-state';
import { DatasetStore, datasetsDir } from '../core/dataset/store';
import { stringFlag, type ParsedArgs } from './args';
import { embedderForId, envHelp, openVectorStore } from './model-env';

const help = `Usage: tabletalk retrieve --name <dataset> --question "..." [--dir <folder>] [--k 5] [--chroma-url <url>] [--json]

  --name        a dataset trained with "tabletalk train" in --dir
  --question    the question (any language)
  --dir         folder holding the dataset files and the embedded Chroma data; default: .
  --k           hits per collection (DDL, documentation, examples); default 5
  --chroma-url  the Chroma server the dataset was trained into, when not the embedded one
  --json        print {"tables":[...],"ddl":[...],"documentation":[...],"examples":[{"question","sql"}]}

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

  const dataset = await new DatasetStore(datasetsDir(dir)).require(name);
  const state = await RunStateStore.forDirectory(dir).get(dataset);
  const embedder = embedderForId(state.embedder?.id ?? 'builtin-hash-v1-1024');
  const vector = openVectorStore(args, dir);
  try {
    const r = await retrieve(dataset, state, question, { store: vector.store, embedder, k });
    if (args.flags.json) {
      console.log(JSON.stringify({ tables: r.tables, ddl: r.ddl, documentation: r.documentation, examples: r.examples }));
    } else {
      console.log(`Tables: ${r.tables.join(', ')}`);
      for (const e of r.examples) console.log(`\nQ: ${e.question}\n${e.sql}`);
      for (const d of r.documentation) console.log(`\n${d}`);
    }
    return 0;
  } finally {
    await vector.close();
  }
}
