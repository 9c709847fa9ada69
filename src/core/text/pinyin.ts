/** Pinyin of Chinese words as identifiers spell them: full (客户 -> kehu) and initials (客户 -> kh), no tones. */
import { pinyin } from 'pinyin-pro';

const cache = new Map<string, { full: string; initials: string }>();

export function pinyinOf(word: string): { full: string; initials: string } {
  let p = cache.get(word);
  if (!p) {
    const syllables = pinyin(word, { toneType: 'none', type: 'array', nonZh: 'removed', v: true }) as string[];
    p = { full: syllables.join('').toLowerCase(), initials: syllables.map((s) => s[0] ?? '').join('').toLowerCase() };
    if (cache.size > 20_000) cache.clear();
    cache.set(word, p);
  }
  return p;
}
