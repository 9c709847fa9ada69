// The embedded Chroma server's process: loads this platform's chromadb-js-bindings package (a native addon
// holding the Rust server) and runs its CLI entry, as chromadb's dist/cli.mjs does, but on every platform the
// bindings exist for (cli.mjs refuses win32-x64) and with a watchdog that ends the server when its parent dies
// (the binding's cli() never returns to JavaScript, so nothing else in this process could notice).
// Usage: node chroma-process.js run --path DIR --host 127.0.0.1 --port N
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { exitWithParent } from '../orphan-watchdog';
import { chromaBindingFor } from './chroma-bindings';
import { exitWhenIdle } from './idle-watchdog';
import { ensureUnpacked, readPackedInfo } from './packed-binary';

// The CLI's shared server outlives its starter and ends when idle; every other server ends with its parent.
const idleMs = Number(process.env.TABLETALK_CHROMA_IDLE_MS);
const stateFile = process.env.TABLETALK_CHROMA_STATE;
const leasesDir = process.env.TABLETALK_CHROMA_LEASES;
if (stateFile && leasesDir && Number.isFinite(idleMs) && idleMs >= 0) exitWhenIdle({ stateFile, leasesDir, idleMs });
else exitWithParent();
const name = chromaBindingFor();
if (!name) {
  process.stderr.write(`No embedded Chroma server exists for ${process.platform}-${process.arch}${process.platform === 'linux' ? ' (without glibc)' : ''}. Set tabletalk.vectorStore.url to a Chroma server.\n`);
  process.exit(3);
}
// No SIGINT/SIGTERM listeners: a listener makes Node catch the signal and queue it for the event loop, which
// binding.cli() blocks for good, so the signal would never act (a stop then waited for SIGKILL). The default action
// ends the process at once.
void loadBinding(name).then((binding) => binding.cli(['chroma', ...process.argv.slice(2)]));

/** The binding; in a VSIX it ships compressed and is unpacked on the first start (packed-binary.ts). */
async function loadBinding(pkg: string): Promise<{ cli(args: string[]): void }> {
  const req = createRequire(__filename);
  let pkgDir: string;
  try {
    pkgDir = dirname(req.resolve(`${pkg}/package.json`));
  } catch (e) {
    return fail(`The embedded Chroma server (${pkg}) is not installed here: ${(e as Error).message.split('\n')[0]}`);
  }
  const packed = readPackedInfo(pkgDir);
  let file: string = pkg;
  if (packed) {
    try {
      file = await ensureUnpacked(pkgDir, packed);
    } catch (e) {
      return fail(`The embedded Chroma server (${pkg}) could not be unpacked: ${(e as Error).message}`);
    }
  }
  try {
    return req(file) as { cli(args: string[]): void };
  } catch (e) {
    return fail(`The embedded Chroma server (${pkg}) does not load here: ${(e as Error).message.split('\n')[0]}`);
  }
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(3);
}
