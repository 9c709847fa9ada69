/**
 * Chinese word segmentation by forward longest match against the lexicon's headwords. Measured here against
 * Intl.Segmenter('zh'), which split common schema words apart (文档, 航班, 车型); the dictionary keeps them whole.
 * Characters no headword covers come out one by one.
 */
import { MAX_HEADWORD, zhLexicon } from './lexicon';

const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;

export function segmentRun(run: string, lexicon = zhLexicon()): string[] {
  const chars = [...run];
  const out: string[] = [];
  for (let i = 0; i < chars.length; ) {
    let len = Math.min(MAX_HEADWORD, chars.length - i);
    for (; len > 1; len--) if (lexicon.has(chars.slice(i, i + len).join(''))) break;
    out.push(chars.slice(i, i + len).join(''));
    i += len;
  }
  return out;
}

/** The Chinese words of a text, in order (non-Chinese parts are skipped). */
export function segmentChinese(text: string): string[] {
  const out: string[] = [];
  // The lexicon is loaded on the first Chinese text only: English-only schemas and questions never pay for it.
  for (const m of text.matchAll(CJK_RUN)) out.push(...segmentRun(m[0], zhLexicon()));
  return out;
}
