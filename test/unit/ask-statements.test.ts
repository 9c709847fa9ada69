// "Run Query" in an editor: which text is the statement under the cursor, and where each statement's CodeLens goes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statementAt, statementRanges } from '../../src/core/ask/statements';

const doc = `-- top customers; by total\nSELECT Name FROM Artist WHERE Name = 'a;b';\n\n/* second; */ SELECT "x;y" FROM t\n;\n  -- only a comment;\n`;

test('statements split on top-level semicolons only; comments and blanks are not statements', () => {
  const parts = statementRanges(doc).map((r) => doc.slice(r.start, r.end));
  assert.deepEqual(parts, ["SELECT Name FROM Artist WHERE Name = 'a;b'", 'SELECT "x;y" FROM t']);
  assert.deepEqual(statementRanges('  \n-- nothing\n'), []);
  assert.deepEqual(statementRanges('SELECT 1').map((r) => [r.start, r.end]), [[0, 8]]);
});

test('the statement under the cursor, or the one just before it', () => {
  const second = doc.indexOf('FROM t');
  assert.equal(doc.slice(...Object.values(statementAt(doc, second)!) as [number, number]), 'SELECT "x;y" FROM t');
  const afterFirst = doc.indexOf("'a;b';") + 6;
  assert.equal(doc.slice(...Object.values(statementAt(doc, afterFirst)!) as [number, number]), "SELECT Name FROM Artist WHERE Name = 'a;b'");
  assert.equal(doc.slice(...Object.values(statementAt(doc, 0)!) as [number, number]), "SELECT Name FROM Artist WHERE Name = 'a;b'");
  assert.equal(statementAt('', 0), undefined);
});
