import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', Buffer: 'readonly', __dirname: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // core/ and protocol/ run without VS Code; the webview never imports host code.
    files: ['src/core/**', 'src/protocol/**', 'src/cli.ts', 'src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core, src/protocol and the CLI must run without VS Code.' }], patterns: [{ group: ['**/host/**', '**/extension'], message: 'core must not depend on host code.' }] }] },
  },
  {
    // core/ speaks in its own types: the webview's wire types (src/protocol) are the host's business.
    files: ['src/core/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core must run without VS Code.' }], patterns: [{ group: ['**/host/**', '**/extension'], message: 'core must not depend on host code.' }, { group: ['**/protocol/**', '**/protocol'], message: 'core must not depend on src/protocol (the webview wire types): map to them in src/host.' }] }] },
  },
  {
    files: ['webview/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The webview cannot import vscode.' }], patterns: [{ group: ['**/src/host/**', '**/src/core/**', '**/extension'], message: 'The webview talks to the host only through src/protocol.' }] }] },
  },
);
