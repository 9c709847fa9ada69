// A PostgreSQL server that goes away while TableTalk holds connections must give a clear error, not crash the
// process with an unhandled 'error' event from a checked-out client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../src/core/datasource/index';
import { DatasourceError } from '../../src/core/datasource/types';

test('a PostgreSQL server stopped between and during queries gives "unreachable" errors, never a crash', async (t) => {
  const { startPostgres } = await import('../support/databases.mjs');
  const server = await startPostgres({ loadChinook: false });
  if (server.skip !== undefined) return t.skip(server.skip);
  const uncaught: Error[] = [];
  const onUncaught = (e: Error) => uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  const url = new URL(server.url());
  const driver = await connect({ id: 'gone', name: 'gone', dialect: 'postgres', host: url.hostname, port: Number(url.port), user: 'tabletalk', password: 'secret', database: 'postgres', connectTimeoutMs: 3000 });
  try {
    await driver.queryReadOnly('SELECT 1 AS one');
    // Stop the server while a long query holds a checked-out client.
    const running = driver.queryReadOnly('SELECT pg_sleep(5)', [], { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 300));
    server.stop();
    await assert.rejects(running, (e: unknown) => e instanceof DatasourceError && e.code === 'unreachable' && /PostgreSQL|reach|server/i.test(e.message));
    await assert.rejects(driver.queryReadOnly('SELECT 1'), (e: unknown) => e instanceof DatasourceError && (e.code === 'unreachable' || e.code === 'connect-timeout'));
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(uncaught.map((e) => e.message), []);
  } finally {
    process.off('uncaughtException', onUncaught);
    await driver.close().catch(() => undefined);
    server.stop();
  }
});
