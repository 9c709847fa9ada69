// Odd things where a file is expected: a FIFO as the SQLite file, a folder as a dataset file, a file as the
// datasets folder. Each is a clear error naming the path, not a timeout or a bare EISDIR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../src/core/datasource/index';
import { DatasourceError } from '../../src/core/datasource/types';
import { DatasetFileError, DatasetStore } from '../../src/core/dataset/store';

const root = mkdtempSync(join(tmpdir(), 'tt-odd-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

test('a FIFO given as the SQLite file is "not a regular file", not a timeout', async () => {
  const fifo = join(root, 'pipe.db');
  execFileSync('mkfifo', [fifo]);
  const driver = await connect({ id: 'fifo', name: 'fifo', dialect: 'sqlite', file: fifo });
  try {
    await assert.rejects(driver.test(), (e: unknown) => {
      assert.ok(e instanceof DatasourceError);
      assert.equal(e.code, 'not-a-database');
      assert.equal(e.message, `${fifo} is not a regular file: a SQLite database is a regular file (not a pipe or socket or device).`);
      return true;
    });
  } finally {
    await driver.close();
  }
});

test('a folder where a dataset file belongs, and a file where the datasets folder belongs, are named clearly', async () => {
  const datasets = join(root, 'a', '.tabletalk', 'datasets');
  mkdirSync(join(datasets, 'sales.json'), { recursive: true });
  await assert.rejects(new DatasetStore(datasets).get('sales'), (e: unknown) => {
    assert.ok(e instanceof DatasetFileError);
    assert.equal(e.message, `Dataset file ${join(datasets, 'sales.json')}: is a folder, not a dataset file`);
    assert.match(e.hint, /Move the folder away/);
    return true;
  });
  writeFileSync(join(root, 'plain'), 'x');
  await assert.rejects(new DatasetStore(join(root, 'plain', 'datasets')).get('sales'), (e: unknown) => e instanceof DatasetFileError && /a part of its path is a file, not a folder/.test(e.message));
});
