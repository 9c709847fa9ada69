// The Chroma server binding (40–47 MB) is too big to ship as is in a VSIX under 12 MB: scripts/package.mjs stores
// it compressed (xz, or brotli where packaging had no xz) as `<file>.xz` / `<file>.br` with a packed.json
// ({ file, size, sha256, format }). The server process unpacks it on first start, next to itself, or into a
// per-user folder in the temp directory when the extension folder is read-only, and loads the unpacked file.
// xz saves about 1.6 MB over brotli on these binaries; Node has no xz decoder, so xz-decompress (xz-embedded as
// WebAssembly, no native code) decodes it.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createBrotliDecompress } from 'node:zlib';
import { XzReadableStream } from 'xz-decompress';

export interface PackedInfo {
  /** The unpacked file's name, e.g. chromadb-js-bindings.linux-x64-gnu.node. */
  file: string;
  size: number;
  sha256: string;
  /** Absent in VSIXes packed before xz: brotli. */
  format?: 'xz' | 'br';
}

export class UnpackError extends Error {}

/** The packed.json of a package folder, or undefined when the package ships its binary as is. */
export function readPackedInfo(pkgDir: string): PackedInfo | undefined {
  const f = join(pkgDir, 'packed.json');
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as PackedInfo) : undefined;
}

export const packedFileName = (info: PackedInfo) => `${info.file}.${info.format ?? 'br'}`;

/**
 * A file as a web stream, read on demand. (Readable.toWeb of a file stream throws "Controller is already closed"
 * from the file stream's next chunk when the reader stops early, as readPackedHead does.)
 */
function fileStream(file: string): ReadableStream<Uint8Array> {
  let handle: FileHandle | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      handle ??= await open(file, 'r');
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(1 << 20), 0, 1 << 20, null);
      if (bytesRead > 0) controller.enqueue(buffer.subarray(0, bytesRead));
      else {
        controller.close();
        await handle.close();
      }
    },
    async cancel() {
      await handle?.close();
    },
  });
}

/** The decompressed bytes of a packed file, as a stream of chunks. */
async function* decompressed(packed: string, format: PackedInfo['format']): AsyncGenerator<Uint8Array> {
  if (format === 'xz') {
    yield* new XzReadableStream(fileStream(packed)) as unknown as WebReadableStream<Uint8Array>;
  } else {
    yield* createReadStream(packed).pipe(createBrotliDecompress()) as AsyncIterable<Buffer>;
  }
}

/** The first `n` bytes of the unpacked file (its file header), decompressing no more than needed. */
export async function readPackedHead(packed: string, format: PackedInfo['format'], n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  for await (const chunk of decompressed(packed, format)) {
    parts.push(Buffer.from(chunk));
    got += chunk.length;
    if (got >= n) break;
  }
  return Buffer.concat(parts).subarray(0, n);
}

// Checked by content, not only by size: a file left half-written by a crash, or changed in the shared temp
// folder, must not be loaded (hashing 46 MB takes about 0.1 s).
function hashOf(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
export function isUnpacked(file: string, info: PackedInfo): boolean {
  return existsSync(file) && statSync(file).size === info.size && hashOf(file) === info.sha256;
}

const mb = (n: number) => `${Math.ceil(n / 1048576)} MB`;

async function unpackInto(pkgDir: string, info: PackedInfo, dir: string): Promise<string> {
  const target = join(dir, info.file);
  if (isUnpacked(target, info)) return target;
  mkdirSync(dir, { recursive: true });
  // Written under a name of its own, checked, then renamed into place: two processes unpacking at once (two
  // windows starting) each rename a complete, verified file, and none ever loads half of one.
  const temp = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const hash = createHash('sha256');
  let size = 0;
  try {
    const out = await open(temp, 'w', 0o755);
    try {
      for await (const chunk of decompressed(join(pkgDir, packedFileName(info)), info.format)) {
        hash.update(chunk);
        size += chunk.length;
        await out.write(chunk);
      }
    } finally {
      await out.close();
    }
    if (size !== info.size || hash.digest('hex') !== info.sha256) {
      throw new UnpackError(`${packedFileName(info)} is damaged (it unpacks to ${size} bytes with another checksum); reinstall the TableTalk extension.`);
    }
    try {
      renameSync(temp, target);
    } catch (e) {
      // Windows refuses to replace a file another process has loaded: that one is complete, as it was renamed.
      if (!isUnpacked(target, info)) throw e;
    }
    return target;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      throw new UnpackError(`Not enough disk space to unpack the embedded Chroma server (${mb(info.size)}) into ${dir}. Free some space and start it again.`);
    }
    if (e instanceof Error && /xz|get_next_output/i.test(e.message) && !(e instanceof UnpackError)) {
      throw new UnpackError(`${packedFileName(info)} is damaged (${e.message}); reinstall the TableTalk extension.`);
    }
    throw e;
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * The path of the package's unpacked binary, unpacking it first when it is missing or not the right file. Next to
 * the package when its folder is writable, else in `fallbackDir` (default: a per-user folder in the temp directory,
 * named by the binary's hash).
 */
export async function ensureUnpacked(pkgDir: string, info: PackedInfo, fallbackDir?: string): Promise<string> {
  try {
    return await unpackInto(pkgDir, info, pkgDir);
  } catch (e) {
    if (!['EACCES', 'EPERM', 'EROFS'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    const uid = (() => {
      try {
        return String(userInfo().uid);
      } catch {
        return 'user';
      }
    })();
    return unpackInto(pkgDir, info, fallbackDir ?? join(tmpdir(), `tabletalk-native-${uid}-${info.sha256.slice(0, 16)}`));
  }
}
