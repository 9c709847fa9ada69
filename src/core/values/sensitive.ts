/**
 * Columns whose values must never leave the database through the value index: contact data, secrets and
 * identity numbers, recognised by the column's name (English and pinyin/Chinese) and by the shape of its values.
 */

// Whole words of the column name (split like identifiers) that mark it sensitive.
const NAME_WORDS = new Set([
  'email', 'mail', 'e_mail', 'phone', 'telephone', 'tel', 'mobile', 'cell', 'fax', 'password', 'passwd', 'pwd', 'pass',
  'secret', 'token', 'apikey', 'api_key', 'salt', 'hash', 'ssn', 'sin', 'passport', 'iban', 'swift', 'bic',
  'creditcard', 'cvv', 'cvc', 'pin', 'address', 'street', 'postal', 'postcode', 'zip', 'zipcode',
  'birth', 'birthdate', 'dob', 'birthday', 'ip', 'credential', 'credentials', 'otp', 'session', 'cookie', 'private',
  'shouji', 'dianhua', 'mima', 'youxiang', 'sfz', 'shenfenzheng', 'idcard', 'idno', 'taxid', 'nationalid',
]);

// Name fragments that are sensitive wherever they appear (compounds and Chinese).
const NAME_FRAGMENTS = /(password|passwd|secret|token|apikey|api_key|e-?mail|phone|ssn|social_?security|id_?card|id_?number|national_?id|身份证|证件|手机|电话|邮箱|密码|口令|令牌|银行卡|卡号|住址|地址|生日|出生)/i;

function words(name: string): string[] {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function isSensitiveColumnName(name: string): boolean {
  if (NAME_FRAGMENTS.test(name)) return true;
  const w = words(name);
  return w.some((x) => NAME_WORDS.has(x)) || NAME_WORDS.has(w.join(''));
}

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
// A run of 7+ digits, possibly with separators: phone numbers, card numbers, identity numbers (18-digit 身份证 ends in X).
const LONG_NUMBER = /(?:\+?\d[\d\s().-]{6,}\d|\d{17}[\dXx])/;
// Long opaque strings: tokens, hashes, keys.
const OPAQUE = /^[A-Za-z0-9+/=_-]{24,}$/;

export function looksSensitiveValue(value: string): boolean {
  return EMAIL.test(value) || LONG_NUMBER.test(value) || (OPAQUE.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value));
}
