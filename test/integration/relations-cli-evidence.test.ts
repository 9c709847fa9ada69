// `tabletalk relations --json` keeps its documented shape now that evidence is data: `evidence` is still an array of
// strings, the English it always printed by default, and Chinese with --lang zh-cn (real Chinook, built dist/cli.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, chinookCopy, noChinook, noCli } from '../support/train-setup';

const noLocale = { LC_ALL: '', LC_MESSAGES: '', LANG: '' };
type Relations = { relations: { source: string; sourceColumns: string[]; target: string; origin: string; evidence: unknown[] }[] };

test('relations --json: evidence strings in English by default, in Chinese with --lang zh-cn, same relations', { skip: noChinook ?? noCli }, async () => {
  const { url } = chinookCopy();
  const args = ['relations', '--url', url, '--tables', 'Track,Album,Genre', '--ignore-declared', '--json'];
  const en = await cli(args, noLocale);
  assert.equal(en.code, 0, en.stderr);
  const enJson = JSON.parse(en.stdout) as Relations;
  const track = enJson.relations.find((r) => r.source === 'Track' && r.sourceColumns[0] === 'AlbumId')!;
  assert.ok(track, en.stdout);
  assert.deepEqual(Object.keys(track), ['source', 'sourceColumns', 'target', 'targetColumns', 'type', 'confidence', 'origin', 'evidence']);
  assert.ok(enJson.relations.every((r) => r.evidence.length > 0 && r.evidence.every((e) => typeof e === 'string')));
  assert.ok(track.evidence.includes('AlbumId names table Album'), track.evidence.join(' | '));
  assert.ok(track.evidence.includes('types match (INTEGER and INTEGER)'), track.evidence.join(' | '));

  const zh = await cli([...args, '--lang', 'zh-cn'], noLocale);
  assert.equal(zh.code, 0, zh.stderr);
  const zhJson = JSON.parse(zh.stdout) as Relations;
  assert.deepEqual(zhJson.relations.map((r) => [r.source, r.target, r.evidence.length]), enJson.relations.map((r) => [r.source, r.target, r.evidence.length]));
  const zhTrack = zhJson.relations.find((r) => r.source === 'Track' && r.sourceColumns[0] === 'AlbumId')!;
  assert.ok(zhTrack.evidence.includes('AlbumId 指明了表 Album'), zhTrack.evidence.join(' | '));
  assert.ok(zhTrack.evidence.every((e) => typeof e === 'string' && /[\u4e00-\u9fff]/.test(e)), zhTrack.evidence.join(' | '));

  const text = await cli(args.filter((a) => a !== '--json'), noLocale);
  assert.match(text.stdout, /- AlbumId names table Album$/m);
});
