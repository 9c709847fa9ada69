// Types for databases.mjs: real PostgreSQL and MariaDB servers on loopback for tests and benchmarks.
export const chinookDir: string;
export function freePort(): Promise<number>;

export interface StartedServer {
  skip?: undefined;
  port: number;
  /** URL of the given database as the password-protected user tabletalk:secret. */
  url(db?: string): string;
  /** URL of the loaded Chinook database, or null when ../shared is absent. */
  chinookUrl: string | null;
  stop(): void;
}
export interface SkippedServer {
  /** Why the server could not start (e.g. binaries missing). */
  skip: string;
}
export function startPostgres(options?: { loadChinook?: boolean }): Promise<(StartedServer & { psql(args: string[], input?: string | Buffer): Buffer }) | SkippedServer>;
export function startMariadb(options?: { loadChinook?: boolean }): Promise<(StartedServer & { client(args: string[], input?: string | Buffer): Buffer }) | SkippedServer>;
