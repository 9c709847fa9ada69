// Result columns with the same name (`SELECT t.name, g.name`) must stay two columns: rows are read as arrays
// and keyed by names made unique here, so neither value overwrites the other.

/** The names as the database gave them, a repeated one suffixed " (2)", " (3)"... in order of appearance. */
export function uniqueColumns(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let key = name;
    for (let n = 2; seen.has(key); n++) key = `${name} (${n})`;
    seen.add(key);
    return key;
  });
}

/** One row object per array row, keyed by the unique column names. */
export function rowObject(columns: string[], values: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]] = values[i];
  return row;
}
