// The CLI speaks the language of --lang or of the environment: core's errors are data rendered from the same
// bundles as VS Code's (l10n/), run as a real process from the built dist/cli.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { chinookCopy, noChinook, progressLines } from '../support/train-setup';

const cliPath = resolve(__dirname, '../../dist/cli.js');
const noCli = existsSync(cliPath) ? undefined : 'dist/cli.js not built (npm test builds it; or run node esbuild.mjs)';

function cli(args: string[], locale: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...locale };
    for (const k of ['LC_ALL', 'LC_MESSAGES', 'LANG']) if (!(k in locale)) delete env[k];
    const p = spawn(process.execPath, [cliPath, ...args], { env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', rej);
    p.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
  });
}

test('introspect of a missing SQLite file: the error in Chinese with --lang zh-cn, in English by default', { skip: noCli }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tt-cli-lang-'));
  const missing = join(dir, 'missing.db');
  try {
    const zh = await cli(['introspect', '--url', `sqlite://${missing}`, '--lang', 'zh-cn']);
    assert.equal(zh.code, 1);
    assert.equal(zh.stderr.trim(), `tabletalk: 找不到 SQLite 文件：${missing} (请检查路径。TableTalk 只打开已有文件，从不创建文件。)`);
    assert.equal(zh.stdout, '');

    const en = await cli(['introspect', '--url', `sqlite://${missing}`]);
    assert.equal(en.code, 1);
    assert.equal(en.stderr.trim(), `tabletalk: SQLite file not found: ${missing} (Check the path. TableTalk opens existing files only and never creates one.)`);

    const env = await cli(['introspect', '--url', `sqlite://${missing}`], { LANG: 'zh_CN.UTF-8' });
    assert.match(env.stderr, /找不到 SQLite 文件/, 'the environment locale counts when --lang is absent');

    const unknown = await cli(['introspect', '--url', `sqlite://${missing}`, '--lang', 'xx-yy']);
    const lines = unknown.stderr.trim().split('\n');
    assert.equal(lines.length, 2, unknown.stderr);
    assert.match(lines[0], /warning: no "xx-yy" translation .*using English/);
    assert.match(lines[1], /^tabletalk: SQLite file not found: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('train with --lang zh-cn prints its progress lines in Chinese; without it in English', { skip: noChinook ?? noCli }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tt-cli-lang-train-'));
  try {
    const { url } = chinookCopy(dir);
    const zh = await cli(['train', '--url', url, '--name', 'chinook', '--dir', dir, '--no-sample-values', '--lang', 'zh-cn']);
    assert.equal(zh.code, 0, zh.stderr);
    const lines = progressLines(zh.stdout);
    assert.ok(lines.length >= 6, zh.stdout);
    assert.deepEqual(lines[0], { percent: 0, step: '准备', message: '正在读取数据库结构' });
    assert.ok(lines.some((l) => l.step === '训练 DDL' && /^已嵌入 \d+ \/ 11 项$/.test(l.message)), zh.stdout);
    for (const l of lines) assert.match(`${l.step}: ${l.message}`, /[\u4e00-\u9fff]/, `Chinese: ${l.step}: ${l.message}`);
    // The lines around the progress: the dataset created, the value index, the summary.
    assert.match(zh.stdout, /^已创建数据集“chinook”（11 张表），位于 /m);
    assert.match(zh.stdout, /^值索引：采样已关闭（--no-sample-values）。$/m);
    assert.match(zh.stdout, /^已训练“chinook”：11 条 DDL、\d+ 条文档、\d+ 个示例（丢弃了 \d+ 个生成的示例），用时 \d+ 毫秒；调用嵌入 \d+ 次。$/m);
    for (const line of zh.stdout.split('\n').filter((x) => x.trim())) assert.match(line, /[\u4e00-\u9fff]/, `every line in Chinese: ${line}`);

    // Unchanged since, so the English run keeps everything: its lines are the English templates.
    const en = await cli(['train', '--url', url, '--name', 'chinook', '--dir', dir, '--no-sample-values']);
    assert.equal(en.code, 0, en.stderr);
    const enLines = progressLines(en.stdout);
    assert.deepEqual(enLines[0], { percent: 0, step: 'prepare', message: 'reading the schema' });
    assert.match(en.stdout, /^Trained "chinook": 11 DDL, \d+ documentation, \d+ examples \(\d+ generated examples dropped\) in \d+ ms; \d+ embedding calls\.$/m);
    assert.ok(enLines.some((l) => /^\d+ items unchanged, kept$/.test(l.message)), en.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a training that fails says why in Chinese with --lang zh-cn; --json keeps the English error', { skip: noChinook ?? noCli }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tt-cli-lang-fail-'));
  try {
    const { url, file } = chinookCopy(dir);
    const first = await cli(['train', '--url', url, '--name', 'genres', '--dir', dir, '--tables', 'Genre', '--no-sample-values']);
    assert.equal(first.code, 0, first.stderr);
    const db = new Database(file);
    db.exec('ALTER TABLE Genre RENAME TO GenreOld');
    db.close();

    const zh = await cli(['train', '--url', url, '--name', 'genres', '--dir', dir, '--no-sample-values', '--lang', 'zh-cn']);
    assert.equal(zh.code, 1);
    assert.match(zh.stderr, /^tabletalk: 数据集“genres”的表 .*Genre.* 在数据库中已不存在 \(请将它们从数据集中移除（或在数据库中恢复），然后重新训练。\)$/m, zh.stderr);
    assert.doesNotMatch(zh.stderr, /no longer exist|Remove them/);

    const json = await cli(['train', '--url', url, '--name', 'genres', '--dir', dir, '--no-sample-values', '--lang', 'zh-cn', '--json']);
    const out = JSON.parse(json.stdout.trim().split('\n').at(-1) ?? '{}') as { status: string; error: string; hint: string };
    assert.equal(out.status, 'failed');
    assert.match(out.error, /^Table .*Genre.* of dataset "genres" no longer exists in the database$/);
    assert.equal(out.hint, 'Remove them from the dataset (or restore them in the database) and train again.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
