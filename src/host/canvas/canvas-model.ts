// The modeling canvas's model, without VS Code: what the canvas shows (CanvasState) from a dataset definition,
// the database schema and the inferred suggestions; and every edit the webview asks for, validated and applied
// to the definition. It speaks the webview's wire types (src/protocol), so it lives with the host, not in core;
// the panel only reads/writes files and moves messages. Its words are Messages (core's l10n.t): the state is
// rendered by the caller's `render` (the panel passes vscode.l10n), edit errors carry theirs as data.
import { TableTalkError } from '../../core/errors';
import { l10n } from '../../core/messages';
import { english, type Message } from '../../core/messages';
import { evidence as item, renderEvidence } from '../../core/modeling/evidence';
import type { Table } from '../../core/datasource/types';
import type { DatasetDefinition, ModelingConfig, Relationship, TableRef } from '../../core/dataset/types';
import type { CanvasMethods, CanvasProblem, CanvasRelationship, CanvasState, CanvasTable, NewRelationship, SuggestionSelector } from '../../protocol/canvas';
import { declaredRelationships } from '../../core/modeling/infer';
import { relationshipId } from '../../core/modeling/ids';
import { isUniqueKey, tableKey } from '../../core/modeling/tables';
import type { InferredRelationship } from '../../core/modeling/types';

/** A request the model refuses; its message is shown to the user in the display language. */
export class EditError extends TableTalkError {
  constructor(message: Message) {
    super('edit-refused', message);
  }
}

export interface ModelContext {
  def: DatasetDefinition;
  /** The datasource's tables (all of them, not only the dataset's); null when the schema could not be read. */
  schema: Table[] | null;
  /** Inference results for the dataset's tables (declared ones included or not: they are filtered). */
  inferred: InferredRelationship[];
}

const endpoints = (r: Pick<Relationship, 'source' | 'sourceColumns' | 'target' | 'targetColumns'>) =>
  `${r.source}|${r.sourceColumns.join(',')}|${r.target}|${r.targetColumns.join(',')}`;
const sameJoin = (a: Pick<Relationship, 'source' | 'sourceColumns' | 'target' | 'targetColumns'>, b: typeof a) =>
  endpoints(a) === endpoints(b) || endpoints(a) === endpoints({ source: b.target, sourceColumns: b.targetColumns, target: b.source, targetColumns: b.sourceColumns });

interface DatasetTable {
  ref: TableRef;
  /** The introspected table, when the database has it. */
  table: Table | undefined;
  /** The name the canvas uses: "schema.table" of the introspected table (or of the ref when it is gone). */
  key: string;
}

/**
 * The dataset's tables matched to the schema the way training matches them: a ref without a schema matches
 * by name; a relationship may name a table "table" or "schema.table".
 */
function resolve(def: DatasetDefinition, schema: Table[] | null) {
  const entries: DatasetTable[] = def.tables.map((ref) => {
    const table = schema?.find((t) => t.name === ref.name && (ref.schema === null || t.schema === ref.schema));
    return { ref, table, key: table ? tableKey(table) : tableKey(ref) };
  });
  const find = (name: string) => entries.find((e) => e.key === name || tableKey(e.ref) === name) ?? entries.find((e) => e.ref.name === name || e.table?.name === name);
  return { entries, find, keys: entries.map((e) => e.key) };
}

/** The introspected tables of the dataset (what inference runs on). */
export function datasetTables(def: DatasetDefinition, schema: Table[] | null): Table[] {
  return resolve(def, schema).entries.flatMap((e) => (e.table ? [e.table] : []));
}

function schemaTable(schema: Table[] | null, key: string, def?: DatasetDefinition): Table | undefined {
  return (def ? resolve(def, schema).find(key)?.table : undefined) ?? schema?.find((t) => tableKey(t) === key);
}

function datasetKeys(def: DatasetDefinition, schema: Table[] | null = null): string[] {
  return resolve(def, schema).keys;
}

/** A relationship with its tables named as the canvas names them. */
function canonical<R extends Relationship>(r: R, def: DatasetDefinition, schema: Table[] | null): R {
  const { find } = resolve(def, schema);
  return { ...r, source: find(r.source)?.key ?? r.source, target: find(r.target)?.key ?? r.target };
}

/** Declared foreign keys among the dataset's tables: always in effect (training reads them from the database). */
export function declaredAmong(def: DatasetDefinition, schema: Table[] | null): Relationship[] {
  if (!schema) return [];
  return declaredRelationships(datasetTables(def, schema));
}

/** Why a relationship cannot be used with the current schema and dataset, or undefined when it can. */
export function brokenReason(r: Relationship, def: DatasetDefinition, schema: Table[] | null): Message | undefined {
  const { find } = resolve(def, schema);
  for (const [table, columns] of [[r.source, r.sourceColumns], [r.target, r.targetColumns]] as const) {
    const entry = find(table);
    if (!entry) return l10n.t('table {0} is not in the dataset', table);
    if (!schema) continue;
    const t = entry.table;
    if (!t) return l10n.t('table {0} no longer exists in the database', table);
    const gone = columns.filter((c) => !t.columns.some((x) => x.name === c)).map((c) => `${table}.${c}`);
    if (gone.length > 1) return l10n.t('columns {0} no longer exist', gone.join(', '));
    if (gone.length) return l10n.t('column {0} no longer exists', gone[0]);
  }
  if (r.sourceColumns.length !== r.targetColumns.length) return l10n.t('{0} source columns but {1} target columns', r.sourceColumns.length, r.targetColumns.length);
  return undefined;
}

/** Suggestions still open: inferred, not in the model (either direction), not rejected. */
export function openSuggestions(ctx: ModelContext): InferredRelationship[] {
  const model = [...ctx.def.modeling.relationships.map((r) => canonical(r, ctx.def, ctx.schema)), ...declaredAmong(ctx.def, ctx.schema)];
  const rejected = new Set(ctx.def.modeling.rejected);
  const keys = new Set(datasetKeys(ctx.def, ctx.schema));
  return ctx.inferred.filter(
    (s) => s.origin !== 'declared' && !rejected.has(s.id) && keys.has(s.source) && keys.has(s.target) && !model.some((m) => m.id === s.id || sameJoin(m, s)) &&
      // a many-to-many through a junction is open while one of its two joins is
      !(s.via && junctionJoins(s, ctx).every((j) => model.some((m) => sameJoin(m, j)))),
  );
}

/** The two joins a many-to-many suggestion stands for (the junction table's references). */
function junctionJoins(s: InferredRelationship, ctx: ModelContext): Relationship[] {
  if (!s.via) return [];
  const pool = [...ctx.inferred, ...declaredAmong(ctx.def, ctx.schema), ...ctx.def.modeling.relationships];
  const from = (target: string, cols: string[]) => pool.find((r) => r.source === s.via && r.type !== 'many-to-many' && r.target === target && r.targetColumns.join(',') === cols.join(','));
  return [from(s.source, s.sourceColumns), from(s.target, s.targetColumns)].filter((r): r is Relationship => !!r);
}

function toCanvas(r: Relationship, render: (m: Message) => string, broken?: Message): CanvasRelationship {
  return {
    id: r.id,
    source: r.source,
    sourceColumns: r.sourceColumns,
    target: r.target,
    targetColumns: r.targetColumns,
    type: r.type,
    confidence: r.confidence,
    origin: r.origin,
    evidence: (r.evidence ?? []).map((e) => renderEvidence(e, render)),
    ...((r as InferredRelationship).via ? { via: (r as InferredRelationship).via } : {}),
    ...(broken ? { broken: render(broken) } : {}),
  };
}

export interface StateExtras {
  key: string;
  datasourceName: string;
  needsRetraining: boolean;
  problems: CanvasProblem[];
  readOnly: boolean;
  inferring: boolean;
  history: { canUndo: boolean; canRedo: boolean };
  revision: number;
}

/** The whole state the webview draws, every text of the model (evidence, reasons, problems) rendered by `render`. */
export function canvasState(ctx: ModelContext, extras: StateExtras, render: (m: Message) => string = english): CanvasState {
  const { def, schema } = ctx;
  const problems = [...extras.problems];
  const { entries, keys } = resolve(def, schema);
  const tables: CanvasTable[] = entries.map(({ ref, table: t, key }) => {
    if (!t) {
      const missing = schema ? l10n.t('{0} no longer exists in the database', key) : l10n.t('the database schema could not be read');
      return { id: key, name: ref.name, schema: ref.schema, columns: [], missing: render(missing) };
    }
    // Comments carry the meaning of cryptic names (t01, c01), often in Chinese: the canvas shows them.
    const desc = def.descriptions ?? {};
    const tableComment = desc[t.name] ?? (t.schema ? desc[`${t.schema}.${t.name}`] : undefined) ?? t.comment ?? undefined;
    return {
      id: key,
      name: t.name,
      schema: t.schema,
      ...(tableComment ? { comment: tableComment } : {}),
      columns: t.columns.map((c) => {
        const comment = desc[`${t.name}.${c.name}`] ?? c.comment ?? undefined;
        return { name: c.name, type: c.type, nullable: c.nullable, primaryKey: c.primaryKey, foreignKey: false, ...(comment ? { comment } : {}) };
      }),
    };
  });
  const declared = declaredAmong(def, schema).filter((d) => !def.modeling.relationships.some((m) => sameJoin(canonical(m, def, schema), d)));
  const relationships = [
    ...declared.map((r) => ({ ...toCanvas(r, render), locked: render(l10n.t('a foreign key declared in the database: change it there')) })),
    ...def.modeling.relationships.map((r) => toCanvas(canonical(r, def, schema), render, brokenReason(r, def, schema))),
  ];
  // FK markers: source columns of declared keys and of the model's relationships (the "one" side of 1:N is the target).
  for (const r of relationships) {
    if (r.broken) continue;
    const [table, cols] = r.type === 'one-to-many' ? [r.target, r.targetColumns] : [r.source, r.sourceColumns];
    const t = tables.find((x) => x.id === table);
    for (const c of t?.columns ?? []) if (cols.includes(c.name)) c.foreignKey = true;
  }
  const broken = relationships.filter((r) => r.broken);
  if (broken.length) {
    const list = broken.map((r) => `${r.id}: ${r.broken}`).join('; ');
    const message = broken.length > 1 ? l10n.t('{0} relationships are broken (kept until you delete them): {1}', broken.length, list) : l10n.t('1 relationship is broken (kept until you delete it): {0}', list);
    problems.push({ severity: 'warning', message: render(message) });
  }
  const missing = tables.filter((t) => t.missing && schema);
  if (missing.length) problems.push({ severity: 'warning', message: render(l10n.t('Not in the database any more: {0}', missing.map((t) => t.id).join(', '))) });
  const positions: Record<string, { x: number; y: number }> = {};
  for (const [k, p] of Object.entries(def.modeling.positions)) {
    const e = resolve(def, schema).find(k);
    if (e) positions[e.key] = p;
  }
  return {
    dataset: { key: extras.key, name: def.name, datasource: extras.datasourceName },
    tables,
    available: (schema ?? []).filter((t) => !keys.includes(tableKey(t))).map((t) => ({ id: tableKey(t), name: t.name, schema: t.schema })),
    relationships,
    suggestions: openSuggestions(ctx).map((s) => toCanvas(s, render)),
    positions,
    needsRetraining: extras.needsRetraining,
    problems,
    readOnly: extras.readOnly,
    inferring: extras.inferring,
    history: extras.history,
    revision: extras.revision,
  };
}

function withModeling(def: DatasetDefinition, modeling: Partial<ModelingConfig>, tables?: TableRef[]): DatasetDefinition {
  return { ...def, ...(tables ? { tables } : {}), modeling: { ...def.modeling, ...modeling } };
}

function selectSuggestions(ctx: ModelContext, selector: SuggestionSelector): InferredRelationship[] {
  const open = openSuggestions(ctx);
  if ('ids' in selector) {
    const unknown = selector.ids.filter((id) => !open.some((s) => s.id === id));
    if (unknown.length) throw new EditError(l10n.t('No open suggestion {0} (accepted, rejected or gone since)', unknown.map((u) => `"${u}"`).join(', ')));
    return open.filter((s) => selector.ids.includes(s.id));
  }
  return open.filter((s) => s.confidence >= selector.minConfidence);
}

function checkPositions(def: DatasetDefinition, schema: Table[] | null, positions: Record<string, { x: number; y: number }>) {
  const keys = datasetKeys(def, schema);
  const unknown = Object.keys(positions).filter((k) => !keys.includes(k));
  if (unknown.length) throw new EditError(l10n.t('Not tables of the dataset: {0}', unknown.join(', ')));
}

/** A user-drawn relationship, oriented so the target is the unique (referenced) side, with its type. */
export function newRelationship(p: NewRelationship, def: DatasetDefinition, schema: Table[] | null): Relationship {
  if (!schema) throw new EditError(l10n.t('The database schema could not be read, so the columns cannot be checked: reconnect the datasource and try again.'));
  const keys = datasetKeys(def, schema);
  for (const [table, cols] of [[p.source, p.sourceColumns], [p.target, p.targetColumns]] as const) {
    if (!keys.includes(table)) throw new EditError(l10n.t('{0} is not a table of the dataset', table));
    const t = schemaTable(schema, table, def);
    if (!t) throw new EditError(l10n.t('{0} does not exist in the database', table));
    const gone = cols.filter((c) => !t.columns.some((x) => x.name === c));
    if (gone.length) throw new EditError(l10n.t('{0} has no column {1}', table, gone.join(', ')));
    if (new Set(cols).size !== cols.length) throw new EditError(l10n.t('a column appears twice in {0}', `${table}(${cols.join(', ')})`));
  }
  if (p.sourceColumns.length !== p.targetColumns.length) throw new EditError(l10n.t('a relationship joins as many source columns as target columns'));
  if (p.source === p.target && p.sourceColumns.join(',') === p.targetColumns.join(',')) throw new EditError(l10n.t('a column cannot reference itself'));
  let { source, sourceColumns, target, targetColumns } = p;
  const s = schemaTable(schema, source, def)!;
  const t = schemaTable(schema, target, def)!;
  let type = p.type;
  if (!type) {
    const sourceUnique = !!isUniqueKey(s, sourceColumns);
    const targetUnique = !!isUniqueKey(t, targetColumns);
    if (sourceUnique && !targetUnique) {
      // Drawn from the key to the reference: store it the usual way round (reference -> key).
      [source, sourceColumns, target, targetColumns] = [target, targetColumns, source, sourceColumns];
      type = 'many-to-one';
    } else type = targetUnique ? (sourceUnique ? 'one-to-one' : 'many-to-one') : 'many-to-many';
  }
  return { id: relationshipId(source, sourceColumns, target, targetColumns), source, sourceColumns, target, targetColumns, type, confidence: 1, origin: 'user', evidence: [item('drawn')] };
}

type EditMethod = Exclude<keyof CanvasMethods, 'undo' | 'redo' | 'refreshSuggestions' | 'exportImage'>;

/**
 * Applies one edit to the definition and returns the new definition plus the request's result. Throws
 * EditError (nothing changed) when the edit names what does not exist or breaks the model.
 */
export function applyEdit<M extends EditMethod>(ctx: ModelContext, method: M, params: CanvasMethods[M]['params']): { def: DatasetDefinition; result: CanvasMethods[M]['result'] } {
  const { def, schema } = ctx;
  const rels = def.modeling.relationships;
  const done = (next: DatasetDefinition, result: unknown) => ({ def: next, result: result as CanvasMethods[M]['result'] });
  switch (method) {
    case 'moveNodes':
    case 'applyLayout': {
      const { positions } = params as CanvasMethods['moveNodes']['params'];
      checkPositions(def, schema, positions);
      const rounded = Object.fromEntries(Object.entries(positions).map(([k, p]) => [k, { x: Math.round(p.x), y: Math.round(p.y) }]));
      return done(withModeling(def, { positions: { ...def.modeling.positions, ...rounded } }), null);
    }
    case 'createRelationship': {
      const rel = newRelationship(params as NewRelationship, def, schema);
      const clash = [...rels.map((r) => canonical(r, def, schema)), ...declaredAmong(def, schema)].find((r) => sameJoin(r, rel));
      if (clash) throw new EditError(l10n.t('{0} and {1} are already related ({2})', `${rel.source}.${rel.sourceColumns.join(', ')}`, `${rel.target}.${rel.targetColumns.join(', ')}`, clash.id));
      return done(withModeling(def, { relationships: [...rels, rel], rejected: def.modeling.rejected.filter((id) => id !== rel.id) }), { id: rel.id });
    }
    case 'updateRelationship': {
      const { id, type } = params as CanvasMethods['updateRelationship']['params'];
      if (!rels.some((r) => r.id === id)) throw new EditError(declaredAmong(def, schema).some((r) => r.id === id) ? l10n.t('{0} is declared in the database; change it there', id) : l10n.t('No relationship {0} in the model', id));
      return done(withModeling(def, { relationships: rels.map((r) => (r.id === id ? { ...r, type } : r)) }), null);
    }
    case 'deleteRelationship': {
      const { id } = params as CanvasMethods['deleteRelationship']['params'];
      if (!rels.some((r) => r.id === id)) throw new EditError(declaredAmong(def, schema).some((r) => r.id === id) ? l10n.t('{0} is a foreign key declared in the database: it stays in the model', id) : l10n.t('No relationship {0} in the model', id));
      return done(withModeling(def, { relationships: rels.filter((r) => r.id !== id) }), null);
    }
    case 'acceptSuggestions': {
      const chosen = selectSuggestions(ctx, params as SuggestionSelector);
      const added: Relationship[] = [];
      const model = [...rels, ...declaredAmong(def, schema)];
      for (const s of chosen) {
        // A many-to-many is kept as the two joins through its junction table: that is how SQL joins it.
        const joins = s.via ? junctionJoins(s, ctx) : [s];
        for (const j of joins) {
          if ([...model, ...added].some((m) => sameJoin(m, j))) continue;
          const { via: _via, ...rel } = j as InferredRelationship;
          added.push({ ...rel, origin: rel.origin === 'declared' ? 'declared' : 'inferred', evidence: rel.evidence ?? [] });
        }
      }
      const ids = new Set(chosen.map((s) => s.id));
      return done(withModeling(def, { relationships: [...rels, ...added], rejected: def.modeling.rejected.filter((id) => !ids.has(id)) }), { accepted: chosen.length });
    }
    case 'rejectSuggestions': {
      const chosen = selectSuggestions(ctx, params as SuggestionSelector);
      const rejected = [...new Set([...def.modeling.rejected, ...chosen.map((s) => s.id)])];
      return done(withModeling(def, { rejected }), { rejected: chosen.length });
    }
    case 'addTables': {
      const { tables } = params as CanvasMethods['addTables']['params'];
      if (!schema) throw new EditError(l10n.t('The database schema could not be read: reconnect the datasource to add tables.'));
      const refs: TableRef[] = [];
      for (const key of tables) {
        if (datasetKeys(def, schema).includes(key)) throw new EditError(l10n.t('{0} is already in the dataset', key));
        const t = schemaTable(schema, key);
        if (!t) throw new EditError(l10n.t('No table {0} in the database', key));
        refs.push({ name: t.name, schema: t.schema });
      }
      return done(withModeling(def, {}, [...def.tables, ...refs]), null);
    }
    case 'removeTables': {
      const { tables } = params as CanvasMethods['removeTables']['params'];
      const { entries, find } = resolve(def, schema);
      const unknown = tables.filter((k) => !entries.some((e) => e.key === k));
      if (unknown.length) throw new EditError(l10n.t('Not tables of the dataset: {0}', unknown.join(', ')));
      if (tables.length >= def.tables.length) throw new EditError(l10n.t('A dataset keeps at least one table'));
      const gone = new Set(tables);
      const isGone = (name: string) => gone.has(find(name)?.key ?? name);
      const positions = Object.fromEntries(Object.entries(def.modeling.positions).filter(([k]) => !isGone(k)));
      // Relationships of a removed table go with it (Undo brings both back).
      return done(withModeling(def, { relationships: rels.filter((r) => !isGone(r.source) && !isGone(r.target)), positions }, entries.filter((e) => !gone.has(e.key)).map((e) => e.ref)), null);
    }
    default:
      throw new EditError(l10n.t('Unknown edit {0}', String(method)));
  }
}

/** Undo/redo over whole definitions (tables + modeling), bounded. */
export class EditHistory {
  private undoStack: DatasetDefinition[] = [];
  private redoStack: DatasetDefinition[] = [];
  constructor(private readonly limit = 100) {}

  record(before: DatasetDefinition): void {
    this.undoStack.push(before);
    if (this.undoStack.length > this.limit) this.undoStack.shift();
    this.redoStack = [];
  }

  /** The definition to go back to, given the current one (which becomes redoable). */
  undo(current: DatasetDefinition): DatasetDefinition {
    const prev = this.undoStack.pop();
    if (!prev) throw new EditError(l10n.t('Nothing to undo'));
    this.redoStack.push(current);
    return { ...current, tables: prev.tables, modeling: prev.modeling };
  }

  redo(current: DatasetDefinition): DatasetDefinition {
    const next = this.redoStack.pop();
    if (!next) throw new EditError(l10n.t('Nothing to redo'));
    this.undoStack.push(current);
    return { ...current, tables: next.tables, modeling: next.modeling };
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
  }

  get state() {
    return { canUndo: this.undoStack.length > 0, canRedo: this.redoStack.length > 0 };
  }
}
