/**
 * The agent tools, written once: VS Code's language-model tools and the MCP server both call `invokeAgentTool`.
 * Every tool that touches a database goes through the ask module's guard and read-only runner (`runSql`) or the
 * drivers' catalog introspection; nothing here runs caller-written SQL any other way. Results are JSON for the
 * model; failures say what to do next.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { runSql } from '../ask/ask';
import { describeStep } from '../ask/joinPaths';
import { NotTrainedError } from '../ask/retrieve';
import { retrieveTables } from '../ask/strategy';
import { estimateTokens } from '../ask/tokens';
import type { DatasetDefinition } from '../dataset/types';
import { DatasourceError, type Driver, type Table } from '../datasource/types';
import { inferRelationships } from '../modeling/infer';
import { renderEvidence } from '../modeling/evidence';
import { english } from '../messages';
import { primaryKey, tableKey } from '../modeling/tables';
import { AgentToolError, type AgentBackend } from './backend';
import { agentTools, toolDefinition, type AgentToolName } from './definitions';

export interface AgentToolResult {
  isError: boolean;
  /** What the model gets, as JSON. */
  value: unknown;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>(agentTools.map((t) => [t.name, ajv.compile(t.inputSchema)]));

/** One sentence per problem, naming the field, so a model can fix its call. */
function inputProblems(errors: ErrorObject[]): string {
  return errors.map((e) => {
    const at = e.instancePath ? `"${e.instancePath.slice(1).replace(/\//g, '.')}"` : 'the input';
    if (e.keyword === 'required') return `the input needs "${(e.params as { missingProperty: string }).missingProperty}"`;
    if (e.keyword === 'additionalProperties') return `the input has an unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    return `${at} ${e.message ?? 'is invalid'}`;
  }).join('; ');
}

/** JSON that survives what drivers return: 64-bit integers as numbers when safe (else strings), bytes as hex. */
export function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return `0x${Buffer.from((value as { data: number[] }).data).toString('hex')}`;
  }
  return value;
}

export function resultText(result: AgentToolResult): string {
  return JSON.stringify(result.value, jsonValue, 1);
}

async function requireDataset(backend: AgentBackend, name: string): Promise<DatasetDefinition> {
  const def = await backend.dataset(name);
  if (def) return def;
  const all = (await backend.datasets()).map((d) => d.name);
  throw new AgentToolError('unknown-dataset', `There is no dataset named "${name}".`, all.length ? `Datasets: ${all.join(', ')}. Call tabletalk_list_datasets to see them.` : 'This workspace has no dataset yet; create and train one in TableTalk first.');
}

async function driverOf(backend: AgentBackend, def: DatasetDefinition, signal?: AbortSignal): Promise<Driver> {
  if (!backend.dialect(def)) throw new AgentToolError('no-datasource', `The datasource "${backend.datasourceLabel(def)}" of dataset "${def.name}" is not defined here.`, backend.datasourceHint(def));
  try {
    return await backend.driver(def, signal);
  } catch (e) {
    if (e instanceof AgentToolError) throw e;
    const err = e as { message?: string; hint?: string };
    throw new AgentToolError('datasource', `Cannot connect to the datasource of dataset "${def.name}": ${err.message ?? String(e)}`, err.hint ?? 'Check that the database is running and reachable, then try again.');
  }
}

/** The dataset's tables as the database describes them now, in the dataset's order. */
async function datasetTables(def: DatasetDefinition, driver: Driver, signal?: AbortSignal): Promise<Table[]> {
  const schema = await driver.introspect({ signal });
  const out: Table[] = [];
  for (const ref of def.tables) {
    const t = schema.tables.find((x) => x.name === ref.name && (ref.schema === null || x.schema === ref.schema)) ?? schema.tables.find((x) => x.name.toLowerCase() === ref.name.toLowerCase());
    if (t) out.push(t);
  }
  return out;
}

function findTable(def: DatasetDefinition, name: string): string {
  const wanted = name.trim().toLowerCase();
  const hit = def.tables.find((t) => t.name.toLowerCase() === wanted || tableKey(t).toLowerCase() === wanted);
  if (!hit) throw new AgentToolError('unknown-table', `Dataset "${def.name}" has no table named "${name}".`, `Its tables: ${def.tables.map(tableKey).join(', ')}.`);
  return hit.name;
}

// ---- the tools

async function listDatasets(backend: AgentBackend) {
  const datasets = await backend.datasets();
  const out = [];
  for (const d of datasets) {
    const state = await backend.state(d).catch(() => null);
    out.push({
      name: d.name,
      datasource: backend.datasourceLabel(d),
      dialect: backend.dialect(d),
      tables: d.tables.map(tableKey),
      trained: !!state?.activeCollections,
      ...(state?.lastTrainedAt ? { lastTrainedAt: state.lastTrainedAt } : {}),
      ...(state?.activeCollections ? {} : { howToTrain: backend.trainHint(d.name) }),
    });
  }
  return { datasets: out };
}

async function getContext(backend: AgentBackend, input: { dataset: string; question: string; maxTokens?: number }, signal?: AbortSignal) {
  const def = await requireDataset(backend, input.dataset);
  const state = await backend.state(def);
  if (!state?.activeCollections) {
    throw new AgentToolError('not-trained', `Dataset "${def.name}" ${state?.status === 'training' ? 'is training for the first time and has no model yet' : 'is not trained yet'}, so there is no context to retrieve.`, backend.trainHint(def.name));
  }
  let retrieval;
  try {
    retrieval = await retrieveTables(def, state, input.question, await backend.retrieval(state), { k: 8, contextItems: 10, signal });
  } catch (e) {
    if (e instanceof NotTrainedError) throw new AgentToolError('not-trained', e.message, backend.trainHint(def.name));
    const err = e as { message?: string; hint?: string };
    throw new AgentToolError('retrieval', `Retrieval failed for dataset "${def.name}": ${err.message ?? String(e)}`, err.hint ?? backend.trainHint(def.name));
  }
  // One budget, filled in order of use to a SQL writer; what does not fit is counted, never silently lost.
  const budget = input.maxTokens ?? 4000;
  let used = estimateTokens(input.question) + 50;
  const omitted: Record<string, number> = {};
  const take = <T>(section: string, items: T[]): T[] => {
    const kept: T[] = [];
    for (const item of items) {
      const cost = estimateTokens(JSON.stringify(item));
      if (used + cost <= budget) {
        kept.push(item);
        used += cost;
      } else omitted[section] = (omitted[section] ?? 0) + 1;
    }
    return kept;
  };
  const describe = (table: string) => {
    const d = def.descriptions ?? {};
    const own = Object.entries(d).find(([k]) => k.toLowerCase() === table.toLowerCase())?.[1];
    const columns = Object.fromEntries(Object.entries(d).filter(([k]) => k.toLowerCase().startsWith(`${table.toLowerCase()}.`)).map(([k, v]) => [k.slice(table.length + 1), v]));
    return { ...(own ? { description: own } : {}), ...(Object.keys(columns).length ? { columnDescriptions: columns } : {}) };
  };
  const tables = take('tables', retrieval.ddl.map((d) => ({ table: d.table, ddl: d.text, ...describe(d.table) })));
  const terms = take('terms', retrieval.terms.map((t) => def.terms.find((x) => x.term.toLowerCase() === t.toLowerCase()) ?? { term: t, definition: '' }));
  const joinPaths = take('joinPaths', retrieval.joinPaths.map((p) => ({ tables: p.tables, on: p.steps.map(describeStep) })));
  const examples = take('examples', retrieval.examples);
  const documentation = take('documentation', retrieval.documentation);
  return {
    dataset: def.name,
    dialect: backend.dialect(def),
    question: input.question,
    tables,
    terms,
    joinPaths,
    examples,
    documentation,
    tokens: { budget, used },
    ...(Object.keys(omitted).length ? { omitted, note: 'Some items did not fit in maxTokens; call again with a larger maxTokens to get them.' } : {}),
  };
}

async function describeTable(backend: AgentBackend, input: { dataset: string; table: string }, signal?: AbortSignal) {
  const def = await requireDataset(backend, input.dataset);
  const name = findTable(def, input.table);
  const driver = await driverOf(backend, def, signal);
  const all = await datasetTables(def, driver, signal);
  const t = all.find((x) => x.name === name);
  if (!t) throw new AgentToolError('unknown-table', `Table "${name}" of dataset "${def.name}" is not in the database any more.`, 'Check the datasource, or remove the table from the dataset.');
  const d = def.descriptions ?? {};
  const rels = (def.modeling?.relationships ?? []).filter((r) => r.source.toLowerCase() === name.toLowerCase() || r.target.toLowerCase() === name.toLowerCase());
  return {
    dataset: def.name,
    dialect: driver.dialect,
    table: tableKey(t),
    kind: t.kind,
    ...(t.comment ? { comment: t.comment } : {}),
    ...(d[t.name] ? { description: d[t.name] } : {}),
    ...(t.rowEstimate !== null ? { rowEstimate: t.rowEstimate } : {}),
    columns: t.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      ...(c.default !== null ? { default: c.default } : {}),
      ...(c.primaryKey ? { primaryKey: true } : {}),
      ...(c.comment ? { comment: c.comment } : {}),
      ...(d[`${t.name}.${c.name}`] ? { description: d[`${t.name}.${c.name}`] } : {}),
    })),
    primaryKey: primaryKey(t).map((c) => c.name),
    uniqueKeys: t.uniques.map((u) => u.columns),
    foreignKeys: t.foreignKeys.map((f) => ({ columns: f.columns, references: f.refSchema ? `${f.refSchema}.${f.refTable}` : f.refTable, referencedColumns: f.refColumns })),
    referencedBy: all.flatMap((o) => o.foreignKeys.filter((f) => f.refTable === t.name).map((f) => ({ table: tableKey(o), columns: f.columns, referencedColumns: f.refColumns }))),
    relationships: rels.map((r) => ({ from: `${r.source}(${r.sourceColumns.join(', ')})`, to: `${r.target}(${r.targetColumns.join(', ')})`, type: r.type, origin: r.origin, confidence: r.confidence })),
  };
}

/** Drops rows from the end until the JSON of the rest fits `maxBytes`. */
function capBytes(rows: Record<string, unknown>[], maxBytes: number): { rows: Record<string, unknown>[]; cut: boolean; bytes: number } {
  let bytes = 2;
  const kept: Record<string, unknown>[] = [];
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row, jsonValue)) + 1;
    if (bytes + size > maxBytes) return { rows: kept, cut: true, bytes };
    kept.push(row);
    bytes += size;
  }
  return { rows: kept, cut: false, bytes };
}

async function runQuery(backend: AgentBackend, input: { dataset: string; sql: string; maxRows?: number }, signal?: AbortSignal): Promise<AgentToolResult> {
  const def = await requireDataset(backend, input.dataset);
  const driver = await driverOf(backend, def, signal);
  const limits = backend.limits();
  const maxRows = Math.min(limits.maxRows, input.maxRows ?? limits.maxRows);
  const r = await runSql(input.sql, { driver, maxRows, timeoutMs: limits.timeoutMs, signal });
  if (r.refused) {
    return { isError: true, value: { dataset: def.name, refused: true, code: r.refused.code, reason: backend.clean(r.refused.reason), ran: false, hint: 'Nothing ran. Send one read-only SELECT (or WITH ... SELECT) statement.' } };
  }
  if (r.error) {
    const timedOut = /longer than|time ?out/i.test(r.error.message);
    return { isError: true, value: { dataset: def.name, sql: r.sql, ran: false, error: backend.clean(r.error.message), ...(r.error.hint ? { hint: backend.clean(r.error.hint) } : {}), ...(timedOut ? { timeoutMs: limits.timeoutMs } : {}) } };
  }
  const capped = capBytes(r.rows, limits.maxBytes);
  const truncated = r.truncated || capped.cut;
  return {
    isError: false,
    value: {
      dataset: def.name,
      dialect: driver.dialect,
      sql: r.sql,
      tables: r.usedTables,
      columns: r.columns,
      rows: capped.rows,
      rowCount: capped.rows.length,
      truncated,
      ...(truncated ? { truncatedBy: capped.cut ? `the ${limits.maxBytes}-byte result limit` : `the ${maxRows}-row limit`, note: 'Only the first rows are returned. Add a filter, an aggregate or a LIMIT to see specific rows.' } : {}),
      ms: r.ms,
    },
  };
}

async function suggestRelationships(backend: AgentBackend, input: { dataset: string; tables?: string[] }, signal?: AbortSignal) {
  const def = await requireDataset(backend, input.dataset);
  const only = input.tables?.map((t) => findTable(def, t).toLowerCase());
  const driver = await driverOf(backend, def, signal);
  const tables = await datasetTables(def, driver, signal);
  const known = new Set((def.modeling?.relationships ?? []).map((r) => r.id));
  const rejected = new Set(def.modeling?.rejected ?? []);
  const inferred = await inferRelationships(tables, { driver, signal });
  const touches = (r: { source: string; target: string }) => !only || only.includes(r.source.toLowerCase()) || only.includes(r.target.toLowerCase());
  const suggestions = inferred.filter((r) => touches(r) && !known.has(r.id) && !rejected.has(r.id));
  return {
    dataset: def.name,
    modeled: (def.modeling?.relationships ?? []).filter(touches).length,
    suggestions: suggestions.map((r) => ({
      id: r.id,
      from: `${r.source}(${r.sourceColumns.join(', ')})`,
      to: `${r.target}(${r.targetColumns.join(', ')})`,
      type: r.type,
      origin: r.origin,
      confidence: r.confidence,
      ...(r.via ? { via: r.via } : {}),
      evidence: r.evidence.map((e) => renderEvidence(e, english)),
    })),
  };
}

/**
 * Runs a tool on raw input (from a model): validates it against the tool's JSON schema, then runs it. Never throws
 * for anything a model can cause; cancellation is rethrown.
 */
export async function invokeAgentTool(backend: AgentBackend, name: string, rawInput: unknown, signal?: AbortSignal): Promise<AgentToolResult> {
  const def = toolDefinition(name);
  if (!def) return { isError: true, value: { error: `There is no tool named "${name}".`, hint: `Tools: ${agentTools.map((t) => t.name).join(', ')}.` } };
  const input = rawInput ?? {};
  const validate = validators.get(def.name)!;
  if (!validate(input)) {
    return { isError: true, value: { error: `Invalid input for ${def.name}: ${inputProblems(validate.errors ?? [])}.`, expected: def.inputSchema } };
  }
  try {
    const args = input as never;
    const run: Record<AgentToolName, () => Promise<unknown>> = {
      tabletalk_list_datasets: () => listDatasets(backend),
      tabletalk_get_context: () => getContext(backend, args, signal),
      tabletalk_describe_table: () => describeTable(backend, args, signal),
      tabletalk_run_query: () => runQuery(backend, args, signal),
      tabletalk_suggest_relationships: () => suggestRelationships(backend, args, signal),
    };
    const value = await run[def.name]();
    if (def.name === 'tabletalk_run_query') return value as AgentToolResult;
    return { isError: false, value };
  } catch (e) {
    if (signal?.aborted) throw e;
    if (e instanceof AgentToolError) return { isError: true, value: { error: backend.clean(e.message), code: e.code, ...(e.hint ? { hint: backend.clean(e.hint) } : {}) } };
    const err = e as { message?: string; hint?: string };
    const code = e instanceof DatasourceError ? 'datasource' : 'failed';
    return { isError: true, value: { error: backend.clean(err.message ?? String(e)), code, ...(err.hint ? { hint: backend.clean(err.hint) } : {}) } };
  }
}

/** A dataset's schema and terms as MCP resources present them (JSON). */
export async function datasetSchemaResource(backend: AgentBackend, name: string, signal?: AbortSignal): Promise<unknown> {
  const def = await requireDataset(backend, name);
  const driver = await driverOf(backend, def, signal);
  const tables = await datasetTables(def, driver, signal);
  return {
    dataset: def.name,
    dialect: driver.dialect,
    tables: tables.map((t) => ({
      table: tableKey(t),
      columns: t.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, ...(c.primaryKey ? { primaryKey: true } : {}), ...(c.comment ? { comment: c.comment } : {}) })),
      foreignKeys: t.foreignKeys.map((f) => ({ columns: f.columns, references: f.refTable, referencedColumns: f.refColumns })),
    })),
    relationships: (def.modeling?.relationships ?? []).map((r) => ({ from: `${r.source}(${r.sourceColumns.join(', ')})`, to: `${r.target}(${r.targetColumns.join(', ')})`, type: r.type, origin: r.origin, confidence: r.confidence })),
  };
}

export async function datasetTermsResource(backend: AgentBackend, name: string): Promise<unknown> {
  const def = await requireDataset(backend, name);
  return { dataset: def.name, terms: def.terms, descriptions: def.descriptions ?? {}, examples: def.examples };
}
