/**
 * English-side synonyms of database vocabulary: dictionary English often differs from schema words (游客 is
 * "tourist", the table is `visitor`; a question says "customers", the table is `client`). Each group maps to its
 * first word, so both sides of a comparison meet on one word.
 */
const GROUPS = [
  'customer client buyer patron consumer shopper',
  'visitor tourist guest traveler traveller',
  'revenue sale income turnover earning',
  'employee staff personnel worker',
  'product good merchandise commodity',
  'artist singer performer musician band',
  'track song tune',
  'genre style',
  'supplier vendor provider',
  'location address place',
  'company firm enterprise corporation business',
  'user account member',
  'invoice bill receipt',
  'payment pay',
  'quantity qty amount',
  'description desc remark note memo comment',
  'region area district zone',
  'store shop outlet',
  'inventory stock',
  'phone telephone mobile tel',
  'email mail',
  'manager supervisor boss superior',
  'doctor physician',
  'car vehicle automobile auto',
  'author writer',
  'reservation booking',
  'movie film',
  'salary wage payroll',
  'teacher instructor professor',
  'student pupil',
  'country nation',
  'category class',
  'order purchase',
  'score rating grade mark',
  'duration length millisecond',
  'price cost',
  'shipment delivery logistics',
];

const canonicalOf = new Map<string, string>();
for (const g of GROUPS) {
  const words = g.split(' ');
  for (const w of words) if (!canonicalOf.has(w)) canonicalOf.set(w, words[0]);
}

/** The group word for an (already singular, lower-case) English word, or the word itself. */
export function canonicalWord(word: string): string {
  return canonicalOf.get(word) ?? word;
}
