/**
 * One normal form for stored values and for questions, so "AC/DC", "ac-dc", "ＡＣ／ＤＣ" and "acdc" meet:
 * NFKC folds full-width forms, case is folded, punctuation inside a word is dropped and the rest is single-spaced.
 * Chinese text keeps its characters (华东区 stays 华东区).
 */
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]/u;

export function normalizeValue(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\p{M}+/gu, '')
    .replace(/(?<=[\p{L}\p{N}])[\p{P}\p{S}]+(?=[\p{L}\p{N}])/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Same, with accents removed, for matching "Beyonce" to "Beyoncé". */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
}

export function hasCjkChar(text: string): boolean {
  return CJK.test(text);
}

export function isCjkChar(ch: string): boolean {
  return CJK.test(ch);
}

/** Character trigrams of a normal form, padded so short words still have some. */
export function trigrams(norm: string): string[] {
  const s = ` ${norm} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return [...out];
}
