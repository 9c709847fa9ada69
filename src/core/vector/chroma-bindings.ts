// Which chromadb-js-bindings package holds the embedded Chroma server for a platform. chromadb's own
// dist/cli.mjs knows the same list but refuses win32-x64 ("Only ARM64 is supported"), although the
// win32-x64-msvc binding exists and works; TableTalk's chroma-process.ts loads the binding itself.
export const chromaBindings: Record<string, string> = {
  'linux-x64': 'chromadb-js-bindings-linux-x64-gnu',
  'linux-arm64': 'chromadb-js-bindings-linux-arm64-gnu',
  'darwin-x64': 'chromadb-js-bindings-darwin-x64',
  'darwin-arm64': 'chromadb-js-bindings-darwin-arm64',
  'win32-x64': 'chromadb-js-bindings-win32-x64-msvc',
  'win32-arm64': 'chromadb-js-bindings-win32-arm64-msvc',
};

/** The binding package for this (or the given) platform, or undefined where Chroma publishes none (e.g. Alpine). */
export function chromaBindingFor(platform: string = process.platform, arch: string = process.arch, glibc = hasGlibc()): string | undefined {
  if (platform === 'linux' && !glibc) return undefined; // the Linux bindings are built against glibc
  return chromaBindings[`${platform}-${arch}`];
}

function hasGlibc(): boolean {
  if (process.platform !== 'linux') return true;
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return !!report?.header?.glibcVersionRuntime;
}
