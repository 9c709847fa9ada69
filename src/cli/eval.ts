// `tabletalk eval --name <dataset> --questions <file.jsonl> [--k 5] --json`: measures retrieval on a team's own
// questions. Each line is {"question","tables":[...]} (the gold tables); prints recall@k (the mean share of gold
// tables in the top k), the rate of questions with every gold table in the top k, the median retrieval time, and
// the questions that missed a gold table (or could not be read).
import { performance } from 'node:perf_hooks';
import { parseStrategy, retrieveTables } from '../core/ask/strategy';
import { stringFlag, type ParsedArgs } from './args';
import { envHelp } from './model-env';
import { kFlag, openDataset } from './open-dataset';
import { isBad, p50, readQuestions } from './questions';
import { noteRetrain } from './retrieve';

const help = `Usage: tabletalk eval --name <dataset> --questions <file.jsonl> [--dir <folder>] [--k 5] [--strategy full|baseline] [--chroma-url <url>] [--json]

  --name        a dataset trained with "tabletalk train" in --dir
  --questions   a JSON Lines file, one {"question","tables":["Artist","Album"]} per line (the tables a correct query needs)
  --dir         folder holding the dataset files and the embedded Chroma data; default: .
  --k           tables retrieved per question; default 5
  --strategy    full (default) or baseline
  --json        print {"n","recallAtK","allGoldRate","p50Ms","failures":[{"line","question","missing","tables"} | {"line","error"}]}

${envHelp}`;

export interface EvalFailure {
  line: number;
  id?: unknown;
  question?: string;
  /** Gold tables not in the top k. */
  missing?: string[];
  /** The top k retrieved. */
  tables?: string[];
  error?: string;
}

export async function run(args: ParsedArgs): Promise<number> {
  if (args.flags.help) {
    console.log(help);
    return 0;
  }
  stringFlag(args, 'name', true);
  const file = stringFlag(args, 'questions', true) as string;
  const k = kFlag(args);
  const strategy = parseStrategy(stringFlag(args, 'strategy'));
  const lines = await readQuestions(file, true);
  const { dataset, state, embedder, vector } = await openDataset(args);
  const said = { done: false };
  const recalls: number[] = [];
  const times: number[] = [];
  let allGold = 0;
  const failures: EvalFailure[] = [];
  try {
    await vector.store.heartbeat();
    for (const l of lines) {
      if (isBad(l)) {
        failures.push({ line: l.line, ...(l.id !== null ? { id: l.id } : {}), error: l.error });
        continue;
      }
      const t = performance.now();
      const r = await retrieveTables(dataset, state, l.question, { store: vector.store, embedder }, { strategy, k, contextItems: k });
      times.push(performance.now() - t);
      noteRetrain(r, said);
      const got = new Set(r.tables.map((x) => x.toLowerCase()));
      const gold = [...new Set(l.tables as string[])];
      const missing = gold.filter((g) => !got.has(g.toLowerCase()));
      recalls.push((gold.length - missing.length) / gold.length);
      if (!missing.length) allGold++;
      else failures.push({ line: l.line, ...(l.id !== null ? { id: l.id } : {}), question: l.question, missing, tables: r.tables });
    }
  } finally {
    await vector.close();
  }
  const n = recalls.length;
  const result = {
    n,
    k,
    strategy,
    recallAtK: n ? recalls.reduce((a, b) => a + b, 0) / n : 0,
    allGoldRate: n ? allGold / n : 0,
    p50Ms: Math.round(p50(times) * 10) / 10,
    failures,
  };
  if (args.flags.json) console.log(JSON.stringify(result));
  else {
    console.log(`${n} questions, k = ${k} (${strategy}): recall@${k} ${result.recallAtK.toFixed(3)}, all gold tables ${result.allGoldRate.toFixed(3)}, p50 ${result.p50Ms} ms`);
    for (const f of failures) console.log(f.error ? `  line ${f.line}: ${f.error}` : `  line ${f.line}: "${f.question}" missed ${f.missing?.join(', ')} (got ${f.tables?.join(', ')})`);
  }
  return failures.some((f) => f.error) ? 1 : 0;
}
