// Pure edits of a dataset definition (the host's commands and the CLI use them, then DatasetStore.save()).
import type { BusinessTerm, DatasetDefinition, ExampleQuery, TableRef } from './types';

/** Adds terms; a term with the same text replaces the existing one (so 销售额 can be redefined). */
export function withTerms(def: DatasetDefinition, terms: BusinessTerm[]): DatasetDefinition {
  const out = [...def.terms];
  for (const t of terms) {
    const i = out.findIndex((x) => x.term === t.term);
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return { ...def, terms: out };
}

export function withoutTerm(def: DatasetDefinition, term: string): DatasetDefinition {
  return { ...def, terms: def.terms.filter((t) => t.term !== term) };
}

/** Adds example pairs, skipping exact duplicates. */
export function withExamples(def: DatasetDefinition, examples: ExampleQuery[]): DatasetDefinition {
  const out = [...def.examples];
  for (const e of examples) if (!out.some((x) => x.question === e.question && x.sql === e.sql)) out.push(e);
  return { ...def, examples: out };
}

export function withoutExample(def: DatasetDefinition, example: ExampleQuery): DatasetDefinition {
  return { ...def, examples: def.examples.filter((e) => !(e.question === example.question && e.sql === example.sql)) };
}

/** Replaces the table choice; relationships and positions of tables no longer chosen are dropped. */
export function withTables(def: DatasetDefinition, tables: TableRef[]): DatasetDefinition {
  const names = new Set(tables.map((t) => t.name));
  const keep = (n: string) => names.has(n) || names.has(n.split('.').pop() as string);
  return {
    ...def,
    tables,
    modeling: {
      ...def.modeling,
      relationships: def.modeling.relationships.filter((r) => keep(r.source) && keep(r.target)),
      positions: Object.fromEntries(Object.entries(def.modeling.positions).filter(([n]) => keep(n))),
    },
  };
}
