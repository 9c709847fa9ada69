// A Node 22 binary for the node:sqlite engine's tests (the project runs on Node 20, which has no node:sqlite).
// The npm registry serves Node binaries as packages (node-<platform>-<arch>); fetched once with `npm pack` into a
// cache folder outside the project's dependencies (.vscode-test/, or TABLETALK_TEST_CACHE), never committed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE22_VERSION = '22.19.0';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function cacheDir() {
  return process.env.TABLETALK_TEST_CACHE ?? join(root, '.vscode-test');
}

/** Path of the Node 22 binary, installing it on first use; { skip } with the reason where it cannot be had. */
export function ensureNode22() {
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = join(cacheDir(), `node-v${NODE22_VERSION}-${process.platform}-${process.arch}`);
  const bin = join(dir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (existsSync(bin)) return { bin };
  try {
    mkdirSync(cacheDir(), { recursive: true });
    const tmp = mkdtempSync(join(cacheDir(), '.node22-'));
    try {
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const out = execFileSync(npm, ['pack', `${pkg}@${NODE22_VERSION}`, '--silent'], { cwd: tmp, encoding: 'utf8', timeout: 300_000, shell: process.platform === 'win32' }).trim().split('\n').pop();
      const tar = spawnSync('tar', ['xzf', out], { cwd: tmp, encoding: 'utf8' });
      if (tar.status !== 0) throw new Error(tar.stderr);
      rmSync(dir, { recursive: true, force: true });
      renameSync(join(tmp, 'package'), dir);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    return { bin };
  } catch (e) {
    return { skip: `Node ${NODE22_VERSION} for node:sqlite could not be fetched (npm pack ${pkg}@${NODE22_VERSION}): ${String(e.message).split('\n')[0]}` };
  }
}
