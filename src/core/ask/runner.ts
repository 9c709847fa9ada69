/**
 * The one way TableTalk executes SQL it did not write itself: the guard first, then the driver's read-only run
 * (read-only transaction or connection, statement timeout, row and byte caps). Ask, SQL edited in the Ask panel,
 * training examples (generated, templated or from the dataset file) and agent tools all come through here, so
 * no path can reach the database around the guard.
 */
import type { Driver, QueryOptions, QueryResult } from '../datasource/types';
import { guardSql, type GuardRefusalCode } from './guard';
import type { ExplanationPart } from './explanation';

export type GuardedRun =
  | {
      ok: true;
      /** The statement as it ran. */
      sql: string;
      /** Tables the query reads, as the guard found them. */
      tables: string[];
      result: QueryResult;
    }
  | { ok: false; code: GuardRefusalCode; reason: string; text: ExplanationPart[] };

/**
 * Guards `sql` for the driver's dialect and, when it passes, runs it read-only. A refusal comes back as a
 * value (nothing reached the database); a database error (timeout, cancel, SQL error) is thrown as the
 * driver's DatasourceError.
 */
export async function runGuarded(driver: Driver, sql: string, options: QueryOptions = {}): Promise<GuardedRun> {
  const guarded = guardSql(sql, driver.dialect);
  if (!guarded.ok) return guarded;
  const result = await driver.queryReadOnly(guarded.sql, [], options);
  return { ok: true, sql: guarded.sql, tables: guarded.tables, result };
}
