// `npm run l10n:export`: every `l10n.t('…')` template under src/ into l10n/bundle.l10n.json, with
// @vscode/l10n-dev's extractor. It only sees calls on an `l10n` imported from 'vscode' or '@vscode/l10n'; core
// imports its l10n.t from src/core/messages.ts (it builds messages as data and renders nothing), so core files
// are shown to the extractor as if that import came from '@vscode/l10n': the calls have the same shape.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson } from '@vscode/l10n-dev';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const coreImport = /^import \{ l10n \} from '(\.\.?\/)+(core\/)?messages';$/m;

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sources(p) : ['.ts', '.tsx'].includes(extname(e.name)) ? [p] : [];
  });
}

/** The strings of every l10n.t call under src/ (host and core), as @vscode/l10n-dev writes them. */
export async function extractStrings() {
  // In the order @vscode/l10n-dev's own export reads them (glob's), so the bundle's order stays as it was.
  const files = sources(join(root, 'src')).sort((a, b) => relative(root, a).localeCompare(relative(root, b), 'en')).map((f) => {
    let contents = readFileSync(f, 'utf8');
    if (coreImport.test(contents)) contents = contents.replace(coreImport, "import * as l10n from '@vscode/l10n';");
    return { extension: extname(f), contents, path: relative(root, f) };
  });
  return getL10nJson(files.map(({ extension, contents }) => ({ extension, contents })));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const strings = await extractStrings();
  const out = join(root, 'l10n', 'bundle.l10n.json');
  writeFileSync(out, JSON.stringify(strings, undefined, 2));
  console.log(`${Object.keys(strings).length} strings written to ${relative(root, out)}`);
}
