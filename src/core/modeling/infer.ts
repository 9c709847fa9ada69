// Relationship inference: declared foreign keys, then candidates from names, weighed by types, keys and data.
import type { Column, Table } from '../datasource/types';
import type { EvidenceItem, RelationshipType } from '../dataset/types';
import { evidence as item, isKind } from './evidence';
import { TableTalkError } from '../errors';
import { l10n } from '../messages';
import { namingCandidates, polymorphicCandidates, type Candidate } from './naming';
import { Sampler, type ColumnSample, type Outcome } from './sampling';
import { combine, containmentSignal, type Signal } from './score';
import { isUniqueKey, primaryKey, tableKey } from './tables';
import { compareTypes, typeFamily } from './type-family';
import { relationshipId } from './ids';
import type { InferOptions, InferredRelationship } from './types';

export const DEFAULT_SAMPLE_SIZE = 200;

/** Declared foreign keys whose target is among `tables`, as relationships of confidence 1. */
export function declaredRelationships(tables: Table[]): InferredRelationship[] {
  const out: InferredRelationship[] = [];
  for (const s of tables) {
    for (const fk of s.foreignKeys) {
      const target = tables.find((t) => t.name === fk.refTable && (t.schema ?? null) === (fk.refSchema ?? s.schema ?? null));
      if (!target) continue;
      const targetColumns = fk.refColumns.length ? fk.refColumns : primaryKey(target).map((c) => c.name);
      const unique = isUniqueKey(s, fk.columns);
      const source = tableKey(s);
      const targetKey = tableKey(target);
      out.push({
        id: relationshipId(source, fk.columns, targetKey, targetColumns),
        source,
        sourceColumns: [...fk.columns],
        target: targetKey,
        targetColumns,
        type: unique ? 'one-to-one' : 'many-to-one',
        confidence: 1,
        origin: 'declared',
        evidence: [item('declared'), ...(unique ? [sourceKey(unique, fk.columns, source)] : [])],
      });
    }
  }
  return out;
}

/** "these columns are the primary key (a unique key) of the table": one-to-one. */
const sourceKey = (key: 'primary key' | 'unique', columns: string[], table: string) =>
  item(key === 'primary key' ? 'source-primary-key' : 'source-unique', { columns: columns.join(', '), table });

/** Items without repeats (the same reason found by two rules), in order. */
function distinct(items: EvidenceItem[]): EvidenceItem[] {
  const seen = new Set<string>();
  return items.filter((e) => {
    const k = JSON.stringify(e);
    return !seen.has(k) && !!seen.add(k);
  });
}

interface Scored extends Candidate {
  confidence: number;
  type: RelationshipType;
}

const candidateKey = (c: Candidate) =>
  `${tableKey(c.source)}|${c.sourceColumns.map((x) => x.name).join(',')}|${tableKey(c.target)}|${c.targetColumns.map((x) => x.name).join(',')}|${c.polymorphic?.value ?? ''}`;

/** Candidates found by several rules become one, a little more likely, with every reason kept. */
function merge(candidates: Candidate[]): Candidate[] {
  const byKey = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const k = candidateKey(c);
    byKey.set(k, [...(byKey.get(k) ?? []), c]);
  }
  return [...byKey.values()].map((same) => {
    const best = same.reduce((a, b) => (b.prior > a.prior ? b : a));
    return {
      ...best,
      prior: Math.min(0.9, best.prior + 0.05 * (same.length - 1)),
      evidence: distinct(same.flatMap((c) => c.evidence)),
      group: same.every((c) => c.group) ? best.group : undefined,
    };
  });
}

function checkInt(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new TableTalkError('invalid-option', l10n.t('{0} must be a whole number from {1} to {2} (got {3})', name, min, max, String(v)));
  return v;
}

/**
 * Relationships among `tables`: declared ones (unless `ignoreDeclared`), then inferred candidates with a
 * confidence in [0, 1] and the evidence behind it, plus many-to-many links through junction tables.
 * With a driver, each candidate is checked against a bounded sample of the data; a database that refuses
 * sampling leaves names and types to decide, and the evidence says so.
 */
export async function inferRelationships(tables: Table[], options: InferOptions = {}): Promise<InferredRelationship[]> {
  const sampleSize = checkInt('sampleSize', options.sampleSize ?? DEFAULT_SAMPLE_SIZE, 1, 10000);
  const minConfidence = options.minConfidence ?? 0.2;
  const { signal } = options;
  signal?.throwIfAborted();

  const declared = options.ignoreDeclared ? [] : declaredRelationships(tables);
  const declaredColumns = new Set(declared.flatMap((r) => r.sourceColumns.map((c) => `${r.source}|${c}`)));
  const declaredKeys = new Set(declared.map((r) => r.id));
  const explained = (t: Table, c: Column) => declaredColumns.has(`${tableKey(t)}|${c.name}`);

  const { candidates, polymorphic } = namingCandidates(tables, tables, explained);
  const sampler = options.driver ? new Sampler(options.driver, sampleSize, options.timeoutMs ?? 5000, signal) : null;
  for (const probe of polymorphic) {
    if (!sampler) break;
    const values = await sampler.typeValues(probe.source, probe.typeColumn);
    if (values.ok) candidates.push(...polymorphicCandidates(tables, probe, values.value));
  }

  const scored: Scored[] = [];
  for (const c of merge(candidates)) {
    signal?.throwIfAborted();
    const id = relationshipId(tableKey(c.source), c.sourceColumns.map((x) => x.name), tableKey(c.target), c.targetColumns.map((x) => x.name));
    if (declaredKeys.has(id)) continue;
    const s = await score(c, sampler);
    if (s) scored.push(s);
  }

  // Alternatives for one column (which table of people does `support_rep_id` mean?): the data picks one.
  const best = new Map<string, Scored>();
  for (const s of scored) {
    if (!s.group) continue;
    const cur = best.get(s.group);
    if (!cur || s.confidence > cur.confidence) best.set(s.group, s);
  }
  const kept = scored.filter((s) => !s.group || best.get(s.group) === s);

  const inferred: InferredRelationship[] = kept.map((s) => {
    const source = tableKey(s.source);
    const target = tableKey(s.target);
    const sourceColumns = s.sourceColumns.map((c) => c.name);
    const targetColumns = s.targetColumns.map((c) => c.name);
    return {
      id: relationshipId(source, sourceColumns, target, targetColumns) + (s.polymorphic ? ` when ${s.polymorphic.typeColumn.name}=${s.polymorphic.value}` : ''),
      source,
      sourceColumns,
      target,
      targetColumns,
      type: s.type,
      confidence: s.confidence,
      origin: 'inferred',
      evidence: s.evidence,
    };
  });
  if (sampler?.denied) {
    for (const r of inferred) if (!r.evidence.some((e) => isKind(e, 'sampling-refused'))) r.evidence.push(item('sampling-refused', { error: sampler.denied }));
  }

  const all = [...declared, ...inferred.filter((r) => r.confidence >= minConfidence)];
  all.push(...manyToMany(tables, all));
  return all.sort((a, b) => b.confidence - a.confidence || a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
}

async function score(c: Candidate, sampler: Sampler | null): Promise<Scored | null> {
  const signals: Signal[] = [];
  const evidence = [...c.evidence];

  for (let i = 0; i < c.sourceColumns.length; i++) {
    const m = compareTypes(c.sourceColumns[i].type, c.targetColumns[i].type);
    if (m.level === 'no') return null;
    if (m.level === 'close') signals.push({ weight: -0.4, evidence: m.evidence });
    else if (i === 0) evidence.push(m.evidence);
  }
  const targetKey = isUniqueKey(c.target, c.targetColumns.map((x) => x.name));
  const targetColumns = c.targetColumns.map((x) => x.name).join(', ');
  if (targetKey) evidence.push(item(targetKey === 'primary key' ? 'target-primary-key' : 'target-unique', { columns: targetColumns, table: tableKey(c.target) }));
  else signals.push({ weight: -1.5, evidence: item('target-not-key', { columns: targetColumns }) });

  let sample: Outcome<ColumnSample> | null = null;
  if (!sampler) {
    evidence.push(item('no-connection'));
  } else {
    const filter = c.polymorphic ? { column: c.polymorphic.typeColumn, value: c.polymorphic.value } : undefined;
    sample = await sampler.sample(c.source, c.sourceColumns, filter);
    const notChecked = (o: { refused: boolean; error: string }) => item(o.refused ? 'sampling-refused' : 'sampling-failed', { error: o.error });
    if (!sample.ok) {
      evidence.push(notChecked(sample));
    } else {
      const found = await sampler.contained(c.target, c.targetColumns, sample.value.values);
      if (found.ok) signals.push(containmentSignal(found.value, sample.value.values.length, sample.value.complete));
      else evidence.push(notChecked(found));
    }
  }

  const sourceColumns = c.sourceColumns.map((x) => x.name);
  const sourceUnique = isUniqueKey(c.source, sourceColumns);
  let type: RelationshipType = 'many-to-one';
  if (sourceUnique) {
    type = 'one-to-one';
    evidence.push(sourceKey(sourceUnique, sourceColumns, tableKey(c.source)));
  } else if (sample?.ok && sample.value.repeats) {
    evidence.push(item('values-repeat', { columns: sourceColumns.join(', ') }));
  } else if (sample?.ok && sample.value.complete && sample.value.rows >= 2) {
    type = 'one-to-one';
    evidence.push(item('all-distinct', { columns: sourceColumns.join(', '), rows: sample.value.rows }));
  }

  return { ...c, evidence: [...evidence, ...signals.map((s) => s.evidence)], confidence: combine(c.prior, signals), type };
}

/**
 * A table whose key is made of two references (or that holds little besides them) joins its two targets
 * many-to-many. The link is reported from one target to the other, `via` the junction table.
 */
function manyToMany(tables: Table[], relationships: InferredRelationship[]): InferredRelationship[] {
  const out: InferredRelationship[] = [];
  for (const j of tables) {
    const key = tableKey(j);
    const refs = relationships.filter((r) => r.source === key && r.confidence >= 0.5 && r.type !== 'many-to-many');
    if (refs.length !== 2) continue;
    const refColumns = new Set(refs.flatMap((r) => r.sourceColumns));
    const pk = primaryKey(j);
    const others = j.columns.filter((c) => !refColumns.has(c.name) && !c.primaryKey && typeFamily(c.type) !== 'temporal');
    const keyIsRefs = pk.length >= 2 && pk.every((c) => refColumns.has(c.name)) && others.length <= 2;
    const surrogate = pk.length === 1 && !refColumns.has(pk[0].name) && others.length === 0;
    if (!keyIsRefs && !surrogate) continue;
    const [a, b] = refs;
    const declared = a.origin === 'declared' && b.origin === 'declared';
    out.push({
      id: `${relationshipId(a.target, a.targetColumns, b.target, b.targetColumns)} via ${key}`,
      source: a.target,
      sourceColumns: a.targetColumns,
      target: b.target,
      targetColumns: b.targetColumns,
      type: 'many-to-many',
      confidence: Math.min(0.99, a.confidence, b.confidence),
      origin: 'inferred',
      via: key,
      evidence: [
        item('junction', { table: key, a: `${a.sourceColumns.join(', ')} -> ${a.target}`, b: `${b.sourceColumns.join(', ')} -> ${b.target}` }),
        item(declared ? (keyIsRefs ? 'junction-declared-key' : 'junction-declared-little') : keyIsRefs ? 'junction-key' : 'junction-little', { table: key }),
      ],
    });
  }
  return out;
}
