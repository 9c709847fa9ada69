// `tabletalk mcp --dir <workspace>`: the agent tools (src/core/agent) as an MCP server over stdio, plus each
// dataset's schema and terms as resources. stdout carries only the protocol; notes go to stderr. Passwords come
// from the environment or the OS keychain the user names, never from arguments, and never appear in output.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListResourcesRequestSchema, ListToolsRequestSchema, ReadResourceRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { agentTools, datasetSchemaResource, datasetTermsResource, invokeAgentTool, jsonValue, resultText, type AgentBackend } from '../core/agent/index';
import { DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_MS } from '../core/ask/ask';
import { connect, parseDatasourceUrl, redactUrl, type ConnectionOptions, type Dialect, type Driver } from '../core/datasource/index';
import { RunStateStore } from '../core/dataset/run-state';
import { DatasetStore, datasetsDir } from '../core/dataset/store';
import type { DatasetDefinition } from '../core/dataset/types';
import { intFlag, stringFlag, type ParsedArgs } from './args';
import { sshHelp, sshTunnelFromFlags } from './ssh-flags';
import { embedderForId, openVectorStore, type VectorEnv } from './model-env';

const DEFAULT_MAX_BYTES = 256 * 1024;

const help = `Usage: tabletalk mcp [--dir <workspace>] [--max-rows ${DEFAULT_MAX_ROWS}] [--timeout-ms ${DEFAULT_TIMEOUT_MS}] [--max-bytes ${DEFAULT_MAX_BYTES}]
                     [--keychain <service>] [--chroma-url <url>] [--ssh user@host[:port] [--ssh-key FILE]]

Serves TableTalk's agent tools over MCP on stdio (for Claude Code, Cursor, VS Code and other MCP clients):
  tabletalk_list_datasets, tabletalk_get_context, tabletalk_describe_table, tabletalk_run_query (read-only,
  through the SQL guard), tabletalk_suggest_relationships; resources tabletalk://dataset/<name>/schema and /terms.

  --dir         workspace holding .tabletalk/datasets and the embedded Chroma data; default: .
  --max-rows    rows a query returns at most
  --timeout-ms  statement timeout
  --max-bytes   bytes of rows a query result holds at most
  --keychain    look database passwords up in the OS keychain under this service name, by datasource
                (macOS: security find-generic-password -s <service> -a <datasource>; Linux: secret-tool lookup
                service <service> datasource <datasource>), where <datasource> is e.g. postgres://user@host:5432/db
  --chroma-url  the Chroma server the datasets were trained into, when not the embedded one
${sshHelp}
                           (the tunnel serves every PostgreSQL and MySQL datasource; SQLite files are read directly)

No network port is opened: the server speaks MCP over stdin/stdout only.

Environment:
  TABLETALK_PASSWORD            database password for datasets whose datasource URL has none
  TABLETALK_DATASOURCE_<ID>     datasource URL (without password) for datasets made in VS Code, whose datasource is
                                an id: <ID> is the id upper-cased with other characters than A-Z and 0-9 as _
  TABLETALK_CHROMA_TOKEN        auth token for --chroma-url
  TABLETALK_OPENAI_BASE_URL, TABLETALK_OPENAI_API_KEY: for datasets trained with --embedder openai`;

const run$ = promisify(execFile);

export function envNameOf(id: string): string {
  return `TABLETALK_DATASOURCE_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

const isUrl = (s: string) => /^(sqlite|postgres|postgresql|mysql|mariadb):/i.test(s);

/** The password saved in the OS keychain for this destination, or undefined. */
async function keychainPassword(service: string, destination: string): Promise<string | undefined> {
  try {
    const { stdout } = process.platform === 'darwin'
      ? await run$('security', ['find-generic-password', '-s', service, '-a', destination, '-w'], { timeout: 10_000 })
      : await run$('secret-tool', ['lookup', 'service', service, 'datasource', destination], { timeout: 10_000 });
    return stdout.replace(/\r?\n$/, '') || undefined;
  } catch {
    return undefined;
  }
}

export class CliAgentBackend implements AgentBackend {
  private readonly store: DatasetStore;
  private readonly runState: RunStateStore;
  private readonly drivers = new Map<string, Promise<Driver>>();
  private vector: VectorEnv | undefined;
  private readonly secrets = new Set<string>();

  constructor(private readonly dir: string, private readonly args: ParsedArgs, private readonly opts: { maxRows: number; timeoutMs: number; maxBytes: number; keychain?: string; tunnel?: Pick<ConnectionOptions, 'ssh' | 'sshSecret'> }, private readonly env: NodeJS.ProcessEnv = process.env) {
    this.store = new DatasetStore(datasetsDir(dir));
    this.runState = RunStateStore.forDirectory(dir);
    if (env.TABLETALK_PASSWORD) this.secrets.add(env.TABLETALK_PASSWORD);
    if (opts.tunnel?.sshSecret) this.secrets.add(opts.tunnel.sshSecret);
  }

  async datasets() {
    return (await this.store.list()).datasets;
  }
  dataset(name: string) {
    return this.store.get(name);
  }
  state(def: DatasetDefinition) {
    return this.runState.get(def);
  }
  private url(def: DatasetDefinition): string | undefined {
    return isUrl(def.datasource) ? def.datasource : this.env[envNameOf(def.datasource)] || undefined;
  }
  datasourceLabel(def: DatasetDefinition) {
    return isUrl(def.datasource) ? redactUrl(def.datasource) : def.datasource;
  }
  dialect(def: DatasetDefinition): Dialect | null {
    const url = this.url(def);
    if (!url) return null;
    try {
      return parseDatasourceUrl(url, {}).dialect;
    } catch {
      return null;
    }
  }
  driver(def: DatasetDefinition): Promise<Driver> {
    const url = this.url(def)!;
    let d = this.drivers.get(url);
    if (!d) {
      d = (async () => {
        const options: ConnectionOptions = parseDatasourceUrl(url, this.env);
        if (options.dialect !== 'sqlite' && this.opts.keychain) {
          const saved = await keychainPassword(this.opts.keychain, options.id);
          if (saved) options.password = saved;
        }
        if (options.password) this.secrets.add(options.password);
        if (options.dialect !== 'sqlite' && this.opts.tunnel) Object.assign(options, this.opts.tunnel);
        options.log = (line) => console.error(line);
        return connect(options);
      })();
      this.drivers.set(url, d);
      d.catch(() => this.drivers.get(url) === d && this.drivers.delete(url));
    }
    return d;
  }
  async retrieval(state: NonNullable<Awaited<ReturnType<AgentBackend['state']>>>) {
    this.vector ??= openVectorStore(this.args, this.dir, this.env);
    return { store: this.vector.store, embedder: embedderForId(state.embedder?.id ?? 'builtin-hash-v1-1024', this.env) };
  }
  limits() {
    return { maxRows: this.opts.maxRows, timeoutMs: this.opts.timeoutMs, maxBytes: this.opts.maxBytes };
  }
  trainHint(name: string) {
    return `Train it: in VS Code run "TableTalk: Train Dataset" on "${name}", or in a terminal run tabletalk train --name "${name}" --url <datasource URL> --dir "${this.dir}".`;
  }
  datasourceHint(def: DatasetDefinition) {
    return `The dataset was made in VS Code and names datasource id "${def.datasource}". Give the MCP server its URL (without password) in the environment variable ${envNameOf(def.datasource)}, e.g. postgres://user@host:5432/db, and the password in TABLETALK_PASSWORD or the keychain (--keychain).`;
  }
  clean(text: string) {
    let out = redactUrl(text);
    for (const s of this.secrets) if (s) out = out.split(s).join('***');
    return out;
  }
  async close(): Promise<void> {
    for (const d of this.drivers.values()) await d.then((x) => x.close(), () => {}).catch(() => {});
    await this.vector?.close();
  }
}

const resourceUri = (name: string, what: 'schema' | 'terms') => `tabletalk://dataset/${encodeURIComponent(name)}/${what}`;

export function createMcpServer(backend: AgentBackend, version: string): Server {
  const server = new Server({ name: 'tabletalk', version }, { capabilities: { tools: {}, resources: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: agentTools.map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: t.inputSchema, annotations: { title: t.title, readOnlyHint: t.readOnlyHint, openWorldHint: false } })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const r = await invokeAgentTool(backend, request.params.name, request.params.arguments ?? {}, extra.signal);
    return { content: [{ type: 'text' as const, text: resultText(r) }], isError: r.isError };
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const datasets = await backend.datasets();
    return {
      resources: datasets.flatMap((d) => [
        { uri: resourceUri(d.name, 'schema'), name: `${d.name} schema`, description: `Tables, columns, keys and relationships of dataset "${d.name}"`, mimeType: 'application/json' },
        { uri: resourceUri(d.name, 'terms'), name: `${d.name} terms`, description: `Business terms, descriptions and examples of dataset "${d.name}"`, mimeType: 'application/json' },
      ]),
    };
  });
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    const m = /^tabletalk:\/\/dataset\/([^/]+)\/(schema|terms)$/.exec(request.params.uri);
    if (!m) throw new Error(`Unknown resource "${request.params.uri}"; resources are tabletalk://dataset/<name>/schema and /terms`);
    const name = decodeURIComponent(m[1]);
    let value: unknown;
    try {
      value = m[2] === 'schema' ? await datasetSchemaResource(backend, name, extra.signal) : await datasetTermsResource(backend, name);
    } catch (e) {
      const err = e as { message?: string; hint?: string };
      throw new Error(backend.clean(`${err.message ?? String(e)}${err.hint ? ` ${err.hint}` : ''}`), { cause: e });
    }
    return { contents: [{ uri: request.params.uri, mimeType: 'application/json', text: JSON.stringify(value, jsonValue, 1) }] };
  });
  return server;
}

/** The extension's version: the package.json of the folder above dist/ (the CLI's code sits in dist/ or below). */
function packageVersion(): string {
  for (let d = __dirname; dirname(d) !== d; d = dirname(d)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dirname(d), 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (basename(d) === 'dist' && pkg.name === 'tabletalk') return pkg.version ?? '0.0.0';
    } catch {
      // not here
    }
  }
  return '0.0.0';
}

export async function run(args: ParsedArgs): Promise<number> {
  if (args.flags.help) {
    console.log(help);
    return 0;
  }
  if (args.flags.port !== undefined) throw Object.assign(new Error('--port is not supported yet: the MCP server speaks over stdio only'), { hint: 'Configure your MCP client to start "tabletalk mcp --dir <workspace>" as a stdio server.' });
  for (const f of Object.keys(args.flags)) {
    if (/pass(word)?|secret|token/i.test(f)) throw new Error(`--${f} is not accepted: passwords come from the environment (TABLETALK_PASSWORD) or the OS keychain (--keychain), never from arguments`);
  }
  const dir = resolve(stringFlag(args, 'dir') ?? '.');
  const backend = new CliAgentBackend(dir, args, {
    maxRows: intFlag(args, 'max-rows', DEFAULT_MAX_ROWS, 1, 1_000_000),
    timeoutMs: intFlag(args, 'timeout-ms', DEFAULT_TIMEOUT_MS, 1, 3_600_000),
    maxBytes: intFlag(args, 'max-bytes', DEFAULT_MAX_BYTES, 1024, 64 * 1024 * 1024),
    keychain: stringFlag(args, 'keychain'),
    tunnel: sshTunnelFromFlags(args),
  });
  const server = createMcpServer(backend, packageVersion());
  const closed = new Promise<void>((res) => {
    server.onclose = () => res();
  });
  const transport = new StdioServerTransport();
  process.stdin.on('end', () => void server.close());
  await server.connect(transport);
  console.error(`tabletalk mcp: serving ${dir} on stdio`);
  await closed;
  await backend.close();
  return 0;
}
