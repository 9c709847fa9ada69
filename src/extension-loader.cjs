// The extension's `main`. VS Code 1.100 loads extensions as CommonJS; the real host code is an ES module
// bundle with code splitting (dist/host/), so activation parses only what it needs and the heavy parts
// (SQL parser, drivers, Chroma client, OpenAI client) load when a feature first uses them.
let host;
exports.activate = async (context) => {
  host = await import('./host/extension.mjs');
  return host.activate(context);
};
exports.deactivate = async () => host?.deactivate();
