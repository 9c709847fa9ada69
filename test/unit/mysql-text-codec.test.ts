// The codec that replaces iconv-lite in the mysql2 bundle (src/core/datasource/mysql-text-codec.ts): every encoding
// name mysql2 can hand it decodes text the way iconv-lite (the library it replaces, still installed as mysql2's
// dependency, used here as the reference) encodes it, or fails with an error naming the charset and the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { getDecoder, getEncoder } from '../../src/core/datasource/mysql-text-codec';
import { DatasourceError } from '../../src/core/datasource/types';

// mysql2's exports map hides lib/: read the table by file path, as its own parser does.
const mysql2Constants = join(__dirname, '..', '..', 'node_modules', 'mysql2', 'lib', 'constants');
const charsetEncodings = createRequire(__filename)(join(mysql2Constants, 'charset_encodings.js')) as (string | undefined)[];
/** Every encoding mysql2 may decode a value or a name with, other than Buffer's own (which never reach the codec). */
const namesFromMysql2 = [...new Set(charsetEncodings.filter((e): e is string => !!e))].filter((e) => !Buffer.isEncoding(e)).sort();

/** A text each charset can hold, and iconv-lite's name for MySQL's byte layout of that charset. */
const samples: Record<string, { text: string; reference?: string }> = {
  big5: { text: '華東區 北京 臺北' },
  gbk: { text: '华东区 北京 銷售' },
  gb2312: { text: '华东区 北京' },
  gb18030: { text: '华东区 北京 𠀀' },
  sjis: { text: '東京 カタカナ ｶﾀｶﾅ' },
  cp932: { text: '東京 ①髙' },
  eucjp: { text: '東京 ひらがな' },
  eucjpms: { text: '東京 ひらがな', reference: 'eucjp' },
  euckr: { text: '서울 한국어' },
  latin2: { text: 'Łódź Žluťoučký' },
  cp1250: { text: 'Łódź Žluťoučký' },
  cp1251: { text: 'Москва Київ' },
  cp866: { text: 'Москва' },
  koi8r: { text: 'Москва' },
  koi8u: { text: 'Київ' },
  cp1256: { text: 'القاهرة' },
  cp1257: { text: 'Rīga Kaunas Ų' },
  latin7: { text: 'Rīga Ų' },
  latin5: { text: 'İstanbul Ğ' },
  greek: { text: 'Αθήνα' },
  hebrew: { text: 'ירושלים' },
  tis620: { text: 'กรุงเทพ' },
  macintosh: { text: 'Müller © ƒ' },
  macroman: { text: 'Müller © ƒ' },
  cesu8: { text: 'Müller 华东区' },
  utf16: { text: 'Müller 华东区 𝄞', reference: 'utf16be' },
  'utf16-le': { text: 'Müller 华东区 𝄞', reference: 'utf16le' },
  utf32: { text: 'Müller 华东区 𝄞', reference: 'utf32be' },
};
/** Charsets no TextDecoder knows: reading them needs a utf8mb4 connection (TableTalk's own use one). */
const withoutDecoder = ['armscii8', 'cp850', 'cp852', 'dec8', 'geostd8', 'hp8', 'keybcs2', 'swe7'];

function decodeWhole(encoding: string, bytes: Uint8Array): string {
  const d = getDecoder(encoding);
  return d.write(bytes) + (d.end() ?? '');
}

test('every encoding mysql2 can pass is either decoded or refused by name', () => {
  assert.ok(namesFromMysql2.includes('gbk') && namesFromMysql2.includes('sjis'), `names read from mysql2: ${namesFromMysql2.join(', ')}`);
  assert.deepEqual(namesFromMysql2.filter((n) => !(n in samples) && !withoutDecoder.includes(n)), [], 'a name this test does not cover');
});

for (const [name, { text, reference }] of Object.entries(samples)) {
  test(`${name}: decodes what iconv-lite encodes`, () => {
    const bytes = iconv.encode(text, reference ?? name);
    assert.equal(iconv.decode(bytes, reference ?? name), text, 'the sample is representable in the charset');
    assert.ok(bytes.some((b) => b >= 0x80), 'the sample has non-ASCII bytes');
    assert.equal(decodeWhole(name, bytes), text);
  });
}

for (const name of withoutDecoder) {
  test(`${name}: a clear error naming the charset and the fix, not a guess`, () => {
    assert.throws(() => getDecoder(name), (e: unknown) => {
      assert.ok(e instanceof DatasourceError, String(e));
      assert.match(e.message, new RegExp(`character set ${name}\\.`));
      assert.match(e.hint ?? '', /utf8mb4/);
      return true;
    });
  });
}

test('multi-byte characters split across writes decode whole', () => {
  for (const [name, reference] of [['gbk', 'gbk'], ['big5', 'big5'], ['sjis', 'sjis'], ['gb18030', 'gb18030'], ['utf16', 'utf16be'], ['utf32', 'utf32be']]) {
    const text = samples[name].text;
    const bytes = iconv.encode(text, reference);
    for (let cut = 1; cut < bytes.length; cut++) {
      const d = getDecoder(name);
      const got = d.write(bytes.subarray(0, cut)) + d.write(bytes.subarray(cut)) + (d.end() ?? '');
      assert.equal(got, text, `${name} cut at byte ${cut}`);
    }
  }
});

test('a value cut short ends in a replacement character, never in silence or an exception', () => {
  for (const name of ['gbk', 'utf32']) {
    const bytes = iconv.encode('华东区', name === 'utf32' ? 'utf32be' : name);
    assert.equal(decodeWhole(name, bytes.subarray(0, bytes.length - 1)), '华东\ufffd', name);
  }
});

test('queries are encoded in Buffer encodings; any other charset is refused by name', () => {
  const e = getEncoder('utf8');
  assert.deepEqual(e.write('华东区'), Buffer.from('华东区', 'utf8'));
  assert.equal(e.end(), undefined);
  assert.throws(() => getEncoder('gbk'), (err: unknown) => err instanceof DatasourceError && /character set gbk\./.test(err.message));
});
