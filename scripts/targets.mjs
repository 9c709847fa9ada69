// The platforms TableTalk ships a VSIX for, each with its own embedded Chroma server binding (an npm package
// of the chromadb project, fetched with `npm pack` when it is not the one installed here) and the file header
// its native parts must carry. Binding versions, and why:
//  - linux-x64 1.0.5: 1.0.6 and later need glibc 2.38/2.39 (not on Debian 12, Ubuntu 22.04); 1.0.5 needs 2.34.
//  - linux-arm64 1.0.1: 1.0.8 and later need glibc 2.39 too; 1.0.1 needs 2.34 (it ships with debug info, 442 MB,
//    stripped here with binutils-aarch64-linux-gnu to 42 MB).
//  - darwin-x64, darwin-arm64, win32-x64 1.0.8: the oldest published 1.0.x build for win32-x64 (none before), the
//    same server line (1.0.x, same on-disk format) as linux-x64; 1.0.1 on macOS predates fixes the JS client needs.
// better-sqlite3 is native and built here (npm install) for this machine only: it ships in the linux-x64 VSIX
// when packaging on linux-x64; every other VSIX relies on node:sqlite (VS Code's Node 22) or the WASM engine.
export const targets = {
  'linux-x64': { binding: 'chromadb-js-bindings-linux-x64-gnu', version: '1.0.5', header: 'ELF x86-64', strip: 'strip' },
  'linux-arm64': { binding: 'chromadb-js-bindings-linux-arm64-gnu', version: '1.0.1', header: 'ELF aarch64', strip: 'aarch64-linux-gnu-strip' },
  'darwin-x64': { binding: 'chromadb-js-bindings-darwin-x64', version: '1.0.8', header: 'Mach-O x86_64' },
  'darwin-arm64': { binding: 'chromadb-js-bindings-darwin-arm64', version: '1.0.8', header: 'Mach-O arm64' },
  'win32-x64': { binding: 'chromadb-js-bindings-win32-x64-msvc', version: '1.0.8', header: 'PE32+ x86-64' },
  // No embedded Chroma server: works with a remote one (Alpine, win32-arm64, anything else).
  universal: {},
};

/** The kind of a native binary from its first bytes: 'ELF x86-64', 'ELF aarch64', 'Mach-O x86_64', 'Mach-O arm64', 'PE32+ x86-64', or undefined. */
export function nativeHeader(bytes) {
  if (bytes.length >= 20 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) {
    if (bytes[4] !== 2) return 'ELF 32-bit';
    const machine = bytes.readUInt16LE(18);
    return machine === 0x3e ? 'ELF x86-64' : machine === 0xb7 ? 'ELF aarch64' : `ELF machine ${machine}`;
  }
  if (bytes.length >= 8 && bytes.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = bytes.readUInt32LE(4);
    return cpu === 0x01000007 ? 'Mach-O x86_64' : cpu === 0x0100000c ? 'Mach-O arm64' : `Mach-O cpu ${cpu}`;
  }
  if (bytes.length >= 64 && bytes[0] === 0x4d && bytes[1] === 0x5a) {
    const pe = bytes.readUInt32LE(60);
    if (bytes.length < pe + 26 || bytes.readUInt32LE(pe) !== 0x00004550) return 'MZ';
    const machine = bytes.readUInt16LE(pe + 4);
    const magic = bytes.readUInt16LE(pe + 24);
    return `${magic === 0x20b ? 'PE32+' : 'PE32'} ${machine === 0x8664 ? 'x86-64' : machine === 0xaa64 ? 'arm64' : `machine ${machine}`}`;
  }
  return undefined;
}
