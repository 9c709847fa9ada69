// Keeping passwords out of messages: credentials in URLs (well-formed or not) and known secret values.

const KNOWN_SCHEME = /^\s*(?:postgres|postgresql|mysql|mariadb|sqlite|https?):(?:\/\/)?/i;

/**
 * One URL (a datasource URL, an endpoint) with its password replaced by ***, safe for messages and logs. Works on
 * malformed text too: `postgres:user:pw@host/db`, leading spaces, `user:pw@host`, a password holding "@" or "/"
 * (everything up to the last "@" is hidden rather than half shown).
 */
export function redactUrl(url: string): string {
  const at = url.lastIndexOf('@');
  if (at < 0) return url;
  const scheme = KNOWN_SCHEME.exec(url)?.[0] ?? '';
  const userinfo = url.slice(scheme.length, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return url;
  return `${url.slice(0, scheme.length)}${userinfo.slice(0, colon + 1)}***${url.slice(at)}`;
}

/** Every `scheme:[//]user:password@` inside a longer text, password replaced by ***. */
export function redactUrls(text: string): string {
  // "[" and "]" never occur in a user name: usage texts such as `postgres://user[:pass]@host` stay as they are.
  return text.replace(/\b([a-z][a-z0-9+.-]*:(?:\/\/)?[^\s:/?#@'"[\]]*:)[^\s'"]*@/gi, '$1***@');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces whole occurrences of each secret by ***: not inside a longer word, so a short password such as "an"
 * leaves "plan" alone. Secrets shorter than 2 characters are not matched at all.
 */
export function scrubSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 2) continue;
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}_])${escape(secret)}(?![\\p{L}\\p{N}_])`, 'gu'), '***');
  }
  return out;
}

/** URLs redacted and the given secrets scrubbed: for any error text that leaves the process. */
export function redactText(text: string, secrets: Iterable<string | undefined> = []): string {
  return scrubSecrets(redactUrls(text), secrets);
}
