// Shipped in the VSIX as the `main` of a native-addon package whose binary was too big to ship as is
// (the Chroma server is 46 MB stripped): scripts/package.mjs stores it brotli-compressed next to this file
// with packed.json. The first load unpacks it (about 0.3 s) next to itself, or into the temp folder when
// the extension folder is read-only, and every load then requires the unpacked binary.
'use strict';
/* global require, module */ // CommonJS on purpose: require() of the package must stay synchronous.
/* eslint-disable @typescript-eslint/no-require-imports */
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { tmpdir, userInfo } = require('node:os');
const { join } = require('node:path');
const { brotliDecompressSync } = require('node:zlib');

const packed = JSON.parse(readFileSync(join(__dirname, 'packed.json'), 'utf8'));

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

// Checked by content, not just size: the temp folder is shared with other users (about 0.1 s for 46 MB).
function isUnpacked(file) {
  return existsSync(file) && statSync(file).size === packed.size && sha256(readFileSync(file)) === packed.sha256;
}

function unpackInto(dir) {
  const target = join(dir, packed.file);
  if (isUnpacked(target)) return target;
  const bytes = brotliDecompressSync(readFileSync(join(__dirname, `${packed.file}.br`)));
  if (sha256(bytes) !== packed.sha256) {
    throw new Error(`${packed.file}.br is damaged (checksum mismatch); reinstall the TableTalk extension.`);
  }
  mkdirSync(dir, { recursive: true });
  // Written under a unique name, then renamed: two processes unpacking at once never load half a file.
  const temp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, bytes, { mode: 0o755 });
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
  return target;
}

function unpack() {
  try {
    return unpackInto(__dirname);
  } catch (e) {
    if (!['EACCES', 'EPERM', 'EROFS'].includes(e.code)) throw e;
    return unpackInto(join(tmpdir(), `tabletalk-native-${userInfo().uid}-${packed.sha256.slice(0, 16)}`));
  }
}

module.exports = require(unpack());
