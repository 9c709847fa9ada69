// VS Code's display language for code-server without the marketplace.
//
// In code-server 4.100.3 `--locale zh-cn` (or "locale" in argv.json) alone leaves VS Code in English:
// the server resolves the locale through an installed language pack, finds none, serves the English NLS file,
// and the workbench (and so vscode.env.language, and the choice of package.nls.<lang>.json and
// l10n/bundle.l10n.<lang>.json for extensions) stays 'en'. A user gets Chinese by installing Microsoft's
// "Chinese (Simplified) Language Pack", which cannot be downloaded here.
//
// This writes the smallest language pack that VS Code accepts in its place: an extension contributing
// `localizations` for the locale with an empty translation of VS Code itself, plus the languagepacks.json index
// the server reads from the user-data dir (what VS Code writes when a pack is installed). The workbench's own
// texts stay English (they fall back to the built-in messages); VS Code's display language becomes the locale,
// so extensions get their own translations, exactly as with the real pack.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PUBLISHER = 'tabletalk-test';
const VERSION = '0.0.1';

/**
 * Installs the stand-in language pack for `locale` into a code-server profile (call before code-server starts).
 * @param {{ userDataDir: string, extensionsDir: string, locale: string }} o
 * @returns {string} the pack's extension id
 */
export function installDisplayLanguage({ userDataDir, extensionsDir, locale }) {
  const lang = locale.toLowerCase();
  const name = `language-pack-${lang}`;
  const id = `${PUBLISHER}.${name}`;
  const dir = join(extensionsDir, `${id}-${VERSION}`);
  const translations = join(dir, 'translations', 'main.i18n.json');
  mkdirSync(join(dir, 'translations'), { recursive: true });
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name,
    publisher: PUBLISHER,
    displayName: `Display language ${lang} (test stand-in)`,
    version: VERSION,
    engines: { vscode: '*' },
    categories: ['Language Packs'],
    contributes: { localizations: [{ languageId: lang, languageName: lang, localizedLanguageName: lang, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }] },
  }, null, 2));
  mkdirSync(userDataDir, { recursive: true });
  const hash = createHash('md5').update(`${id}@${VERSION}`).digest('hex');
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify({
    [lang]: { hash, extensions: [{ extensionIdentifier: { id }, version: VERSION }], translations: { vscode: translations }, label: lang },
  }));
  return id;
}
