// `npm start` / `npm run demo`: the ready line tells the install (first run) and the start apart. It once said
// "installed and started in 2.0 s" after a 106 s install.
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('the ready line gives the install time and the start time apart', async () => {
  const { readyLine } = await import('../../scripts/run-vscode.mjs');
  assert.equal(readyLine({ installMs: 106_400, startMs: 2_000 }), 'TableTalk is running in VS Code (code-server installed in 106.4 s, started in 2.0 s).');
  assert.equal(readyLine({ installMs: 0, startMs: 3_250 }), 'TableTalk is running in VS Code (code-server started in 3.3 s).');
});
