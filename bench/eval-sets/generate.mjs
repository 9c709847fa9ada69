// Builds the evaluation schemas as SQLite files and (run directly) writes the question files
// bench/eval-sets/<set>.jsonl, lines of {"question","tables":[...],"lang"}. Run with tsx registered
// (`node --import tsx bench/eval-sets/generate.mjs`): pinyin spelling uses the project's own segmentation.
// Families over concepts.mjs (62 tables): `english` (snake_case identifiers), `pinyin` (full pinyin and
// initials, kehu / kh / xs_dd), `comments` (t01.. and c01.. with Chinese comments only, as dataset descriptions).
// `chinook` copies Chinook from ../shared into a temporary folder and adds 79 unrelated tables.
import { copyFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concepts, moreQuestions, questions } from './concepts.mjs';
import * as chinookZh from './chinook-zh.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const { pinyin } = require('pinyin-pro');
const { segmentChinese } = require('../../src/core/text/segment.ts');

const FK_ALIAS = { order: 'sales_order', member: 'library_member', ward: 'hospital_ward', account: 'bank_account', category: 'product_category', from_airport: 'airport', to_airport: 'airport', manager: 'employee', parent: 'product_category' };

function conceptTables() {
  return Object.entries(concepts).map(([key, [zh, cols]]) => ({
    key,
    zh,
    columns: cols.split(' ').map((c) => {
      const [en, czh] = c.split(':');
      const m = /^(.*)_id$/.exec(en);
      const ref = m ? (FK_ALIAS[m[1]] ?? (concepts[m[1]] ? m[1] : undefined)) : undefined;
      return { en, zh: czh, ref: ref === key && en !== 'parent_id' && en !== 'manager_id' ? undefined : ref };
    }),
  }));
}

function spell(zh, style) {
  const words = segmentChinese(zh).map((w) => pinyin(w, { toneType: 'none', type: 'array', v: true }));
  if (style === 'full') return words.map((s) => s.join('')).join('_');
  const initials = words.map((s) => s.map((x) => x[0]).join(''));
  return style === 'initials' ? initials.join('') : initials.join('_');
}

/** Names of one family: table key -> { name, columns: en -> name, comment/descriptions }. */
export function familyNames(family) {
  const tables = conceptTables();
  const names = new Map();
  const tableNames = new Set();
  tables.forEach((t, i) => {
    const used = new Set(['id']);
    const unique = (n) => {
      let u = n;
      for (let k = 2; used.has(u); k++) u = `${n}${k}`;
      used.add(u);
      return u;
    };
    let name;
    if (family === 'english') name = t.key;
    else if (family === 'pinyin') name = spell(t.zh, ['full', 'initials', 'full', 'initials_'][i % 4]);
    else name = `t${String(i + 1).padStart(2, '0')}`;
    for (let k = 2; tableNames.has(name); k++) name = `${name.replace(/\d+$/, '')}${k}`;
    tableNames.add(name);
    const columns = new Map(
      t.columns.map((c, j) => [
        c.en,
        family === 'english' ? c.en : family === 'pinyin' ? unique(spell(c.zh, j % 2 ? 'initials_' : 'full')) : `c${String(j + 1).padStart(2, '0')}`,
      ]),
    );
    names.set(t.key, { name, columns, concept: t });
  });
  return names;
}

/** Creates the family's SQLite file; returns its path and the dataset descriptions (comments family). */
export function buildFamily(family, dir) {
  const file = join(dir, `${family}.sqlite`);
  const db = new Database(file);
  const names = familyNames(family);
  const descriptions = {};
  for (const { name, columns, concept } of names.values()) {
    const defs = ['id INTEGER PRIMARY KEY'];
    const fks = [];
    for (const c of concept.columns) {
      defs.push(`"${columns.get(c.en)}" ${/(_id|_no)$/.test(c.en) ? 'INTEGER' : 'TEXT'}`);
      if (c.ref) fks.push(`FOREIGN KEY ("${columns.get(c.en)}") REFERENCES "${names.get(c.ref).name}" (id)`);
    }
    db.exec(`CREATE TABLE "${name}" (${[...defs, ...fks].join(', ')})`);
    if (family === 'comments') {
      descriptions[name] = concept.zh;
      descriptions[`${name}.id`] = `${concept.zh}编号`;
      for (const c of concept.columns) descriptions[`${name}.${columns.get(c.en)}`] = c.zh;
    }
  }
  db.close();
  return { file, descriptions };
}

export function buildChinook(dir, chinookFile) {
  const file = join(dir, 'chinook-distractors.sqlite');
  copyFileSync(chinookFile, file);
  const db = new Database(file);
  const chinookNames = new Set(db.prepare("SELECT lower(name) AS n FROM sqlite_master WHERE type = 'table'").all().map((r) => r.n));
  for (const { name, columns, concept } of familyNames('english').values()) {
    if (chinookNames.has(name.replace(/_/g, ''))) continue; // Customer, Employee, Invoice are Chinook's own
    db.exec(`CREATE TABLE "${name}" (id INTEGER PRIMARY KEY, ${concept.columns.map((c) => `"${columns.get(c.en)}" TEXT`).join(', ')})`);
  }
  for (const [name, cols] of Object.entries(chinookZh.extraDistractors)) {
    db.exec(`CREATE TABLE "${name}" (id INTEGER PRIMARY KEY, ${cols.split(' ').map((c) => `"${c}" TEXT`).join(', ')})`);
  }
  db.close();
  return { file, terms: chinookZh.glossary };
}

/** The question sets: name -> lines. */
export function questionSets() {
  const sets = {};
  for (const family of ['english', 'pinyin', 'comments']) {
    const names = familyNames(family);
    for (const [lang, idx] of [['en', 0], ['zh', 1]]) {
      if (family === 'pinyin' && lang === 'en') continue; // English questions over pinyin identifiers have no bridge
      sets[`${family}.${lang}`] = questions.map((q) => ({ question: q[idx], tables: q[2].map((k) => names.get(k).name), lang }));
    }
    sets[`${family}.zh-more`] = moreQuestions.map((q) => ({ question: q[0], tables: q[1].map((k) => names.get(k).name), lang: 'zh' }));
  }
  for (const [lang, idx] of [['en', 0], ['zh', 1]]) sets[`chinook-distractors.${lang}`] = chinookZh.questions.map((q) => ({ question: q[idx], tables: q[2], lang }));
  return sets;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, lines] of Object.entries(questionSets())) {
    writeFileSync(join(here, `${name}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    console.log(`${name}.jsonl: ${lines.length} questions`);
  }
}
