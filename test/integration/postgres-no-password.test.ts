// PostgreSQL asking for a password TableTalk does not have: a clear auth error, and the socket closed at once
// (pg used to leave it open until the server's 60 s authentication timeout, holding the process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../src/core/datasource/index';
import { DatasourceError } from '../../src/core/datasource/types';

const openSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

/** Waits until `check` holds, polling; fails with `what` after `ms` (far below the 60 s being guarded against). */
async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(what);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('PostgreSQL without a password: "needs a password" as an auth error, and no socket left open', async (t) => {
  const { startPostgres } = await import('../support/databases.mjs');
  const server = await startPostgres({ loadChinook: false });
  if (server.skip !== undefined) return t.skip(server.skip);
  t.after(() => server.stop());
  const url = new URL(server.url());
  const before = openSockets();
  // The role "tabletalk" logs in with scram-sha-256 (see test/support/databases.mjs).
  const driver = await connect({ id: 'nopw', name: 'nopw', dialect: 'postgres', host: url.hostname, port: Number(url.port), user: 'tabletalk', database: 'postgres' });
  try {
    await assert.rejects(driver.test(), (e: unknown) => {
      assert.ok(e instanceof DatasourceError, String(e));
      assert.equal(e.code, 'auth');
      assert.match(e.message, new RegExp(`PostgreSQL at ${url.hostname}:${url.port} needs a password for user "tabletalk"`));
      return true;
    });
    await until(() => openSockets() <= before, `a socket to the server is still open: ${process.getActiveResourcesInfo().join(', ')}`);
  } finally {
    await driver.close();
  }
});
