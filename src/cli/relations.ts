// `tabletalk relations --url <url> [--tables A,B] [--ignore-declared] [--sample-size N] [--json]`:
// declared and inferred relationships with their confidence and evidence.
import { connect, parseDatasourceUrl } from '../core/datasource/index';
import { DEFAULT_SAMPLE_SIZE, inferRelationships, tableKey, type InferredRelationship } from '../core/modeling/index';
import { renderEvidence } from '../core/modeling/evidence';
import { applySshFlags, sshHelp } from './ssh-flags';
import { render } from './l10n';
import { listFlag, stringFlag, type ParsedArgs } from './args';

const help = `Usage: tabletalk relations --url <url> [--tables A,B] [--ignore-declared] [--sample-size N] [--no-data] [--json]

  --url              datasource URL (see "tabletalk introspect --help")
${sshHelp}
  --schema           PostgreSQL schema or MySQL database to read
  --tables           only these tables (names, or schema.name), comma-separated
  --ignore-declared  leave declared foreign keys out, as if the database had none
  --sample-size      distinct values sampled per column to check candidates against the data (default ${DEFAULT_SAMPLE_SIZE})
  --no-data          names and types only: send no sampling query
  --json             print {"relations":[{"source","sourceColumns","target","targetColumns","type","confidence","origin","evidence"}]}
                     (evidence in the language of --lang or of the environment, like every message)`;

export async function run(args: ParsedArgs): Promise<number> {
  if (args.flags.help) {
    console.log(help);
    return 0;
  }
  const url = stringFlag(args, 'url') ?? args.positionals[0];
  if (!url) throw new Error('--url is required (run "tabletalk relations --help")');
  const sampleText = stringFlag(args, 'sample-size');
  const sampleSize = sampleText === undefined ? DEFAULT_SAMPLE_SIZE : Number(sampleText);
  if (!Number.isInteger(sampleSize) || sampleSize < 1 || sampleSize > 10000) throw new Error(`--sample-size must be a whole number from 1 to 10000 (got "${sampleText}")`);
  const options = applySshFlags(parseDatasourceUrl(url), args);
  options.log = (line) => console.error(line);
  const driver = await connect(options);
  try {
    let { tables } = await driver.introspect({ schema: stringFlag(args, 'schema') });
    const only = listFlag(args, 'tables');
    if (only) {
      const missing = only.filter((n) => !tables.some((t) => t.name === n || tableKey(t) === n));
      if (missing.length) throw new Error(`no table named ${missing.map((m) => `"${m}"`).join(', ')} (tables: ${tables.map(tableKey).join(', ')})`);
      tables = tables.filter((t) => only.includes(t.name) || only.includes(tableKey(t)));
    }
    const relations = await inferRelationships(tables, {
      driver: args.flags['no-data'] ? undefined : driver,
      sampleSize,
      ignoreDeclared: Boolean(args.flags['ignore-declared']),
    });
    console.log(args.flags.json ? JSON.stringify({ relations: relations.map(toJson) }) : summary(relations));
    return 0;
  } finally {
    await driver.close();
  }
}

function toJson(r: InferredRelationship) {
  return {
    source: r.source,
    sourceColumns: r.sourceColumns,
    target: r.target,
    targetColumns: r.targetColumns,
    type: r.type,
    confidence: r.confidence,
    origin: r.origin,
    ...(r.via ? { via: r.via } : {}),
    evidence: r.evidence.map((e) => renderEvidence(e, render)),
  };
}

const arrows: Record<InferredRelationship['type'], string> = { 'many-to-one': 'N:1', 'one-to-one': '1:1', 'one-to-many': '1:N', 'many-to-many': 'N:M' };

function summary(rels: InferredRelationship[]): string {
  if (!rels.length) return 'No relationships found.';
  return rels
    .map((r) => {
      const head = `${r.confidence.toFixed(2)}  ${r.origin.padEnd(8)}  ${arrows[r.type]}  ${r.source}(${r.sourceColumns.join(', ')}) -> ${r.target}(${r.targetColumns.join(', ')})${r.via ? ` via ${r.via}` : ''}`;
      return [head, ...r.evidence.map((e) => `      - ${renderEvidence(e, render)}`)].join('\n');
    })
    .join('\n');
}
