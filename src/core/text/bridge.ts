/**
 * The bilingual bridge between a question and the tables: both sides become "concept keys" and meet there.
 * - English words (identifier parts, question words, dictionary glosses of Chinese words) -> `e:` + the
 *   singular word's synonym group (customers, client -> customer);
 * - Chinese words (segmented question, comments) -> `z:` + the word;
 * - pinyin identifiers: a Chinese word's full pinyin `p:kehu` and initials `i:kh` meet identifier parts and
 *   their compounds (kehu_mingcheng -> kehu, mingcheng, kehumingcheng; khmc, kh_mc -> khmc).
 * A table scores, per concept of the question, the best weight of a key it holds (its name counts more than its
 * columns and comments) times the key's rarity across tables; concepts add up. Nothing here knows a schema.
 */
import { singular, splitIdentifier } from '../ask/tokenize';
import { zhLexicon } from './lexicon';
import { pinyinOf } from './pinyin';
import { segmentChinese } from './segment';
import { canonicalWord } from './synonyms';

/** Which kinds of keys take part; the evaluation turns them off one at a time (bench/eval-retrieval.mjs). */
export interface BridgeSignals {
  lexicon: boolean;
  pinyin: boolean;
  comments: boolean;
  synonyms: boolean;
}

export const allBridgeSignals: BridgeSignals = { lexicon: true, pinyin: true, comments: true, synonyms: true };

export interface BridgeTable {
  table: string;
  /** Table-level text besides the name: its comment or description. */
  tableText?: string;
  /** Everything else: column names, column comments (a DDL document will do). */
  body?: string;
}

export interface BridgeHit {
  table: string;
  score: number;
  /** The kinds of keys that matched: lexicon, pinyin, comment, words. */
  via: string[];
}

const FIELD = { name: 1, tableText: 0.8, body: 0.35 };
const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const ASCII_WORDS = /[A-Za-z][A-Za-z0-9_$]*/g;
// Question words that ask rather than name something.
const ZH_STOP = new Set('的 了 是 在 有 和 与 及 或 哪 哪些 哪个 哪位 哪种 哪家 什么 多少 每 每个 每种 每位 每年 每月 最 最多 最少 最高 最低 几 个 谁 吗 呢 按 各 所有 总 总共 前 中 里 把 被 对 给 从 到 为 其 这 那 这些 那些 请 列出 显示 查询 统计 一下 一共 分别 多 少 高 低 大 小 首 张 位 名 家 次 条'.split(' '));
const EN_STOP = new Set('a an the of in on at to for by with from into as and or not is are was were be been have has had do does did which what who whom whose when where why how many much most more least less top show list give get find tell me my i we our you your all each every per their its there that this these those than then it they them any some please can could would should id'.split(' '));

type Keys = Map<string, number>;

function addKey(keys: Keys, key: string, w: number) {
  if ((keys.get(key) ?? 0) < w) keys.set(key, w);
}

function englishKey(word: string, signals: BridgeSignals): string {
  const s = singular(word.toLowerCase());
  return `e:${signals.synonyms ? canonicalWord(s) : s}`;
}

/** Keys of identifiers in a text: English word parts, and the same parts read as pinyin (full or initials). */
function identifierKeys(keys: Keys, text: string, w: number, signals: BridgeSignals) {
  for (const m of text.matchAll(ASCII_WORDS)) {
    const parts = splitIdentifier(m[0]).filter((p) => /^[a-z]+$/.test(p));
    for (const p of parts) if (p.length > 1 && !EN_STOP.has(p)) addKey(keys, englishKey(p, signals), w);
    if (!signals.pinyin) continue;
    for (const p of parts) if (p.length > 1) {
      addKey(keys, `p:${p}`, w);
      if (p.length <= 6 && (p.match(/[aeiou]/g)?.length ?? 0) <= 1) addKey(keys, `i:${p}`, w);
    }
    if (parts.length > 1) {
      const compound = parts.join('');
      addKey(keys, `p:${compound}`, w);
      if (parts.every((p) => p.length <= 3)) addKey(keys, `i:${compound}`, w);
    }
  }
}

/** Keys of Chinese text (comments): the words themselves and their English glosses. */
function chineseKeys(keys: Keys, text: string, w: number, signals: BridgeSignals) {
  if (!CJK_RUN.test(text)) return;
  const lexicon = zhLexicon();
  for (const word of segmentChinese(text)) {
    if (ZH_STOP.has(word)) continue;
    addKey(keys, `z:${word}`, w);
    if (!signals.lexicon) continue;
    for (const g of lexicon.get(word) ?? []) addKey(keys, englishKey(g, signals), w * 0.9);
  }
}

interface Concept {
  keys: Keys;
}

function questionConcepts(question: string, signals: BridgeSignals): Concept[] {
  const concepts: Concept[] = [];
  const words = CJK_RUN.test(question) ? segmentChinese(question).filter((w) => !ZH_STOP.has(w)) : [];
  words.forEach((word, i) => {
    const keys: Keys = new Map();
    keys.set(`z:${word}`, 1);
    if (signals.lexicon) (zhLexicon().get(word) ?? []).forEach((g, j) => addKey(keys, englishKey(g, signals), j === 0 ? 1 : 0.85));
    if (signals.pinyin && [...word].length > 1) {
      const py = pinyinOf(word);
      addKey(keys, `p:${py.full}`, 1);
      addKey(keys, `i:${py.initials}`, 0.7);
    }
    concepts.push({ keys });
    // Two words together as one identifier: 客户名称 -> kehumingcheng, khmc.
    const next = words[i + 1];
    if (signals.pinyin && next) {
      const a = pinyinOf(word);
      const b = pinyinOf(next);
      concepts.push({ keys: new Map([[`p:${a.full}${b.full}`, 1], [`i:${a.initials}${b.initials}`, 0.7]]) });
    }
  });
  for (const m of question.matchAll(ASCII_WORDS)) {
    for (const p of splitIdentifier(m[0])) {
      if (p.length < 2 || EN_STOP.has(p) || !/^[a-z]+$/.test(p)) continue;
      const keys: Keys = new Map([[englishKey(p, signals), 1]]);
      if (signals.pinyin) keys.set(`p:${p}`, 1);
      concepts.push({ keys });
    }
  }
  return concepts;
}

export class BridgeIndex {
  private readonly tables: { table: string; keys: Keys }[] = [];
  private readonly postings = new Map<string, number[]>();

  constructor(tables: BridgeTable[], readonly signals: BridgeSignals = allBridgeSignals) {
    for (const t of tables) {
      const keys: Keys = new Map();
      identifierKeys(keys, t.table, FIELD.name, signals);
      chineseKeys(keys, t.table, FIELD.name, signals);
      if (t.tableText && signals.comments) {
        identifierKeys(keys, t.tableText, FIELD.tableText, signals);
        chineseKeys(keys, t.tableText, FIELD.tableText, signals);
      }
      if (t.body) {
        identifierKeys(keys, t.body, FIELD.body, signals);
        if (signals.comments) chineseKeys(keys, t.body, FIELD.body, signals);
      }
      const i = this.tables.length;
      this.tables.push({ table: t.table, keys });
      for (const k of keys.keys()) {
        const list = this.postings.get(k);
        if (list) list.push(i);
        else this.postings.set(k, [i]);
      }
    }
  }

  /** Tables by score, best first (only tables some concept reached). */
  search(question: string, limit = 20): BridgeHit[] {
    const n = this.tables.length;
    const total = new Map<number, { score: number; via: Set<string> }>();
    for (const c of questionConcepts(question, this.signals)) {
      const best = new Map<number, { s: number; kind: string }>();
      for (const [key, qw] of c.keys) {
        const list = this.postings.get(key);
        if (!list) continue;
        const idf = Math.log(1 + n / list.length);
        for (const i of list) {
          const s = qw * idf * (this.tables[i].keys.get(key) ?? 0);
          const prev = best.get(i);
          if (!prev || s > prev.s) best.set(i, { s, kind: key[0] });
        }
      }
      for (const [i, { s, kind }] of best) {
        const e = total.get(i) ?? { score: 0, via: new Set<string>() };
        e.score += s;
        e.via.add(kind === 'p' || kind === 'i' ? 'pinyin' : kind === 'z' ? 'comment' : 'words');
        total.set(i, e);
      }
    }
    return [...total]
      .map(([i, e]) => ({ table: this.tables[i].table, score: e.score, via: [...e.via] }))
      .sort((a, b) => b.score - a.score || a.table.localeCompare(b.table))
      .slice(0, limit);
  }
}
