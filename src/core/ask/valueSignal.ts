/**
 * The value signal of the full strategy: a table holding a value the question names ("AC/DC" in Artist.Name) is
 * credited like a table the question names, scaled by how surely the phrase is a name (see valueIndex.ts).
 */
import type { ValueMatch } from '../values/valueIndex';

export const VALUE_WEIGHT = 2;

export function creditValues(values: ValueMatch[], rrfK: number, credit: (table: string, amount: number, reason: string) => void): void {
  const best = new Map<string, ValueMatch>();
  for (const v of values) {
    const key = v.table.toLowerCase();
    if (!best.has(key) || (best.get(key) as ValueMatch).score < v.score) best.set(key, v);
  }
  [...best.values()].sort((a, b) => b.score - a.score).forEach((v, i) => credit(v.table, (VALUE_WEIGHT * v.score) / (rrfK + i + 1), `value:${v.table}.${v.column}=${v.value}`));
}
