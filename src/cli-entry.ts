// dist/cli.js, the `tabletalk` bin: a CommonJS file (so `node dist/cli.js` and npm's bin link work everywhere)
// that loads the CLI built as ES modules split per command (dist/cli-main.mjs and the chunks it shares with the host under dist/lazy/): a call
// reads and compiles only its own command's code, not every command's dependencies (a third of the time of a
// warm `tabletalk retrieve` went to compiling the whole 5.6 MB bundle).
void import('./cli.js');
