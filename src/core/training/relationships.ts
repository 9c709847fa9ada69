import type { Table } from '../datasource/types';
import type { Relationship, RelationshipType } from '../dataset/types';
import { matchesTable, relationshipFk } from './ddl';

/** A join between two dataset tables: the child holds the key columns that point at the parent. */
export interface JoinEdge {
  child: Table;
  childColumns: string[];
  parent: Table;
  parentColumns: string[];
  type: RelationshipType;
  origin: 'declared' | 'inferred' | 'user';
}

const key = (e: { child: Table; childColumns: string[]; parent: Table; parentColumns: string[] }) =>
  `${e.child.schema}.${e.child.name}(${e.childColumns.join(',').toLowerCase()})->${e.parent.schema}.${e.parent.name}(${e.parentColumns.join(',').toLowerCase()})`;

/** Declared foreign keys between dataset tables plus the dataset's modeled relationships, without duplicates. */
export function joinEdges(tables: Table[], relationships: Relationship[]): JoinEdge[] {
  const edges = new Map<string, JoinEdge>();
  for (const child of tables) {
    for (const fk of child.foreignKeys) {
      const parent = tables.find((t) => t.name === fk.refTable && (fk.refSchema ? t.schema === fk.refSchema : t.schema === child.schema || t.schema === null));
      if (!parent) continue;
      const e: JoinEdge = { child, childColumns: fk.columns, parent, parentColumns: fk.refColumns, type: 'many-to-one', origin: 'declared' };
      edges.set(key(e), e);
    }
  }
  for (const rel of relationships) {
    const { table, fk } = relationshipFk(rel);
    const child = tables.find((t) => matchesTable(table, t));
    const parent = tables.find((t) => matchesTable(fk.refTable, t));
    if (!child || !parent) continue;
    const e: JoinEdge = { child, childColumns: fk.columns, parent, parentColumns: fk.refColumns, type: rel.type, origin: rel.origin };
    if (!edges.has(key(e))) edges.set(key(e), e);
  }
  return [...edges.values()];
}
