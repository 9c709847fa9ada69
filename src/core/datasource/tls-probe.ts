// sslmode=prefer as libpq means it: TLS when the server offers it, plain otherwise. Neither pg nor mysql2 can fall
// back by themselves, so before the pool is made the server is asked once: PostgreSQL answers an SSLRequest with
// 'S' or 'N'; a MySQL/MariaDB server's greeting carries the CLIENT_SSL capability bit.
import { connect as netConnect } from 'node:net';
import { DEFAULT_CONNECT_TIMEOUT_MS } from './errors';
import type { ConnectionOptions } from './types';

const PG_SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]); // length 8, code 80877103
const MYSQL_CLIENT_SSL = 0x0800;

/** True/false when the server said whether it speaks TLS; undefined when it could not be asked (the driver reports why). */
export function serverOffersTls(dialect: 'postgres' | 'mysql', host: string, port: number, timeoutMs: number = DEFAULT_CONNECT_TIMEOUT_MS): Promise<boolean | undefined> {
  return new Promise((resolve) => {
    const socket = netConnect(port, host);
    let buffered = Buffer.alloc(0);
    const done = (v: boolean | undefined) => {
      socket.destroy();
      clearTimeout(timer);
      resolve(v);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.once('error', () => done(undefined));
    socket.once('close', () => done(undefined));
    if (dialect === 'postgres') socket.once('connect', () => socket.write(PG_SSL_REQUEST));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (dialect === 'postgres') return done(buffered[0] === 0x53 /* S */ ? true : buffered[0] === 0x4e /* N */ ? false : undefined);
      // Greeting: 3-byte length, sequence, protocol version, server version (NUL-terminated), thread id (4),
      // scramble part 1 (8), filler (1), then the low 2 bytes of the capability flags.
      if (buffered.length < 4) return;
      const length = buffered.readUIntLE(0, 3);
      if (buffered.length < 4 + length) return;
      const payload = buffered.subarray(4, 4 + length);
      if (payload[0] === 0xff) return done(undefined); // an error packet (e.g. too many connections)
      const versionEnd = payload.indexOf(0, 1);
      const at = versionEnd + 1 + 4 + 8 + 1;
      if (versionEnd < 0 || payload.length < at + 2) return done(undefined);
      done((payload.readUInt16LE(at) & MYSQL_CLIENT_SSL) !== 0);
    });
  });
}

/** Options with `prefer` settled: `require` (keeping any client certificate) when the server offers TLS, else `disable`. */
export async function settlePrefer(o: ConnectionOptions): Promise<ConnectionOptions> {
  if (o.ssl?.mode !== 'prefer' || (o.dialect !== 'postgres' && o.dialect !== 'mysql')) return o;
  const host = o.tunnel?.host ?? o.host ?? 'localhost';
  const port = o.tunnel?.port ?? o.port ?? (o.dialect === 'postgres' ? 5432 : 3306);
  const offers = await serverOffersTls(o.dialect, host, port, o.connectTimeoutMs);
  if (offers === false) {
    o.log?.(`${o.dialect === 'postgres' ? 'PostgreSQL' : 'MySQL'} at ${o.host}:${o.port}: the server offers no TLS; sslmode=prefer connects without it`);
    return { ...o, ssl: { mode: 'disable' } };
  }
  return { ...o, ssl: { ...o.ssl, mode: 'require' } };
}
