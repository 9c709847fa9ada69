// Documentation items: business terms (any language) with the tables they point at, table/column
// descriptions, and one "how X joins Y" text per relationship.
import { quoteIdent } from '../datasource/quote';
import type { Dialect, Table } from '../datasource/types';
import type { DatasetDefinition } from '../dataset/types';
import { makeItem, tablesTag, type TrainingItem } from './items';
import type { JoinEdge } from './relationships';
import { humanize, tablesMentioned } from './words';

function termItems(dataset: DatasetDefinition, tables: Table[]): TrainingItem[] {
  const names = tables.map((t) => t.name);
  return dataset.terms.map((term) => {
    const fromColumns = (term.columns ?? []).map((c) => c.split('.')[0]).filter((t) => names.includes(t));
    const pointed = [...(term.tables ?? []), ...fromColumns, ...tablesMentioned(term.definition, names)];
    const lines = [`Business term: ${term.term}`, `Meaning: ${term.definition}`];
    if (pointed.length) lines.push(`Tables: ${[...new Set(pointed)].join(', ')}`);
    if (term.columns?.length) lines.push(`Columns: ${term.columns.join(', ')}`);
    const text = lines.join('\n');
    return makeItem('documentation', text, text, { source: 'term', term: term.term, tables: tablesTag(pointed) });
  });
}

function descriptionItems(dataset: DatasetDefinition, tables: Table[]): TrainingItem[] {
  const desc = dataset.descriptions ?? {};
  const items: TrainingItem[] = [];
  for (const t of tables) {
    const lines: string[] = [];
    const tableText = desc[t.name] ?? (t.schema ? desc[`${t.schema}.${t.name}`] : undefined) ?? t.comment;
    if (tableText) lines.push(`Table ${t.name} (${humanize(t.name)}): ${tableText}`);
    for (const c of t.columns) {
      const colText = desc[`${t.name}.${c.name}`] ?? c.comment;
      if (colText) lines.push(`Column ${t.name}.${c.name} (${humanize(c.name)}): ${colText}`);
    }
    if (!lines.length) continue;
    const text = lines.join('\n');
    items.push(makeItem('documentation', text, text, { source: 'description', tables: tablesTag([t.name]) }));
  }
  return items;
}

const typeWords: Record<JoinEdge['type'], string> = {
  'many-to-one': 'many-to-one: each {child} row points at one {parent} row',
  'one-to-many': 'many-to-one: each {child} row points at one {parent} row',
  'one-to-one': 'one-to-one: each {child} row matches at most one {parent} row',
  'many-to-many': 'many-to-many through these columns',
};

function relationshipItems(edges: JoinEdge[], dialect: Dialect): TrainingItem[] {
  const q = (n: string) => quoteIdent(dialect, n);
  return edges.map((e) => {
    const c = e.child.name;
    const p = e.parent.name;
    const on = e.childColumns.map((col, i) => `${c}.${col} = ${p}.${e.parentColumns[i]}`).join(' AND ');
    const sqlOn = e.childColumns.map((col, i) => `${q(c)}.${q(col)} = ${q(p)}.${q(e.parentColumns[i])}`).join(' AND ');
    const text = [
      `How ${c} joins ${p}: ${on}`,
      `(${typeWords[e.type].replace('{child}', c).replace('{parent}', p)}; ${e.origin === 'declared' ? 'declared foreign key' : e.origin === 'user' ? 'relationship drawn by the user' : 'inferred relationship'}).`,
      `${humanize(c)} and ${humanize(p)}: JOIN ${q(p)} ON ${sqlOn}`,
    ].join('\n');
    return makeItem('documentation', text, text, { source: 'relationship', tables: tablesTag([c, p]) });
  });
}

export function documentationItems(dataset: DatasetDefinition, tables: Table[], edges: JoinEdge[], dialect: Dialect): TrainingItem[] {
  return [...termItems(dataset, tables), ...descriptionItems(dataset, tables), ...relationshipItems(edges, dialect)];
}
