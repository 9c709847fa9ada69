// "One module graph": every source module that runs in the extension host must be bundled into exactly one
// output file. A module in two outputs runs twice (two copies of its state, two classes of the same name, so
// `instanceof` fails across them). esbuild.mjs fails the build on it; test/integration/module-graph.test.ts checks
// the metafile of the real build.

/**
 * Inputs of the given esbuild metafiles that are bundled into more than one output file.
 * @param {{ outputs: Record<string, { inputs: Record<string, unknown> }> }[]} metafiles
 * @returns {{ input: string, outputs: string[] }[]}
 */
export function modulesBundledTwice(metafiles) {
  const where = new Map();
  for (const meta of metafiles) {
    for (const [output, o] of Object.entries(meta.outputs)) {
      if (output.endsWith('.map')) continue;
      for (const input of Object.keys(o.inputs)) {
        if (!where.has(input)) where.set(input, []);
        where.get(input).push(output);
      }
    }
  }
  return [...where].filter(([, outputs]) => outputs.length > 1).map(([input, outputs]) => ({ input, outputs })).sort((a, b) => a.input.localeCompare(b.input));
}
