// `tabletalk introspect --url <url> [--schema <name>] [--json]`: prints a datasource's tables, columns and keys.
import { connect, parseDatasourceUrl, type Schema } from '../core/datasource/index';
import { applySshFlags, sshHelp } from './ssh-flags';
import { stringFlag, type ParsedArgs } from './args';

const help = `Usage: tabletalk introspect --url <url> [--schema <name>] [--ssh user@host[:port] [--ssh-key FILE]] [--json]

  --url     sqlite:///abs/path.db | sqlite:rel/path.db | postgres://user[:pass]@host:port/db | mysql://user[:pass]@host:port/db
            (password also from env TABLETALK_PASSWORD; optional ?sslmode=disable|prefer|require|verify-full&sslrootcert=/ca.pem,
            &sslcert=/client.pem&sslkey=/client.key for a client certificate)
${sshHelp}
  --schema  PostgreSQL schema or MySQL database to read (default: every user schema / the URL's database)
  --json    print {"dialect","tables":[...],"stats":{"roundTrips","ms"}} instead of a summary`;

export async function run(args: ParsedArgs): Promise<number> {
  if (args.flags.help) {
    console.log(help);
    return 0;
  }
  const url = stringFlag(args, 'url') ?? args.positionals[0];
  if (!url) throw new Error('--url is required (run "tabletalk introspect --help")');
  const options = applySshFlags(parseDatasourceUrl(url), args);
  options.log = (line) => console.error(line);
  const driver = await connect(options);
  try {
    const schema = await driver.introspect({ schema: stringFlag(args, 'schema') });
    console.log(args.flags.json ? JSON.stringify(schema) : summary(schema));
    return 0;
  } finally {
    await driver.close();
  }
}

function summary(s: Schema): string {
  const fks = s.tables.reduce((n, t) => n + t.foreignKeys.length, 0);
  const lines = [`${s.dialect}: ${s.tables.length} tables and views, ${fks} foreign keys (${s.stats.roundTrips} catalog queries, ${s.stats.ms} ms)`];
  const name = (t: Schema['tables'][number]) => (t.schema ? `${t.schema}.${t.name}` : t.name);
  const width = Math.max(0, ...s.tables.map((t) => name(t).length));
  for (const t of s.tables) {
    const rows = t.rowEstimate === null ? '? rows' : `${t.rowEstimate} rows`;
    const refs = t.foreignKeys.map((f) => `${f.columns.join(',')} -> ${f.refTable}(${f.refColumns.join(',')})`).join('; ');
    lines.push(`  ${name(t).padEnd(width)}  ${t.kind.padEnd(5)}  ${rows.padStart(12)}  ${String(t.columns.length).padStart(3)} columns${refs ? `  FK ${refs}` : ''}`);
  }
  return lines.join('\n');
}
