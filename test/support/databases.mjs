// Starts real PostgreSQL and MariaDB servers on loopback in temp dirs from the Debian binaries, loads Chinook,
// and returns their URLs. Used by test/run.mjs and the benchmarks; stop() removes everything.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readdirSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const chinookDir = resolve(here, '../../../shared/datasets/chinook');

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

const isRoot = process.getuid?.() === 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pgBin(name) {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, 'bin', name))) return join(base, v, 'bin', name);
  return null;
}

function asPostgres(cmd, args, opts = {}) {
  return isRoot ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], opts) : execFileSync(cmd, args, opts);
}

async function waitFor(check, ms, what) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    await sleep(100);
  }
  throw new Error(`${what} did not start within ${ms} ms${last ? `: ${last.message}` : ''}`);
}

export async function startPostgres({ loadChinook = true } = {}) {
  const initdb = pgBin('initdb');
  const pgCtl = pgBin('pg_ctl');
  if (!initdb) return { skip: 'PostgreSQL binaries not found (apt-get install postgresql)' };
  const dir = mkdtempSync(join(tmpdir(), 'tt-pg-'));
  if (isRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  const data = join(dir, 'data');
  asPostgres(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], { stdio: 'ignore' });
  const port = await freePort();
  asPostgres(pgCtl, ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', join(dir, 'log'), '-w', 'start'], { stdio: 'ignore' });
  const psql = (args, input) => execFileSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', ...args], { input, stdio: ['pipe', 'pipe', 'pipe'] });
  await waitFor(() => (psql(['-c', 'select 1']), true), 10000, 'PostgreSQL');
  // A role with a password, so wrong-password tests are meaningful even with trust on the superuser.
  psql(['-c', "create role tabletalk login password 'secret' superuser"]);
  execFileSync('sh', ['-c', `sed -i 's/^host\\(.*\\)trust$/host\\1scram-sha-256/' ${data}/pg_hba.conf && sed -i '1i host all postgres 127.0.0.1/32 trust' ${data}/pg_hba.conf`]);
  asPostgres(pgCtl, ['-D', data, 'reload'], { stdio: 'ignore' });
  let chinook = null;
  const sqlFile = join(chinookDir, 'Chinook_PostgreSql.sql');
  if (loadChinook && existsSync(sqlFile)) {
    psql(['-f', sqlFile]);
    chinook = `postgres://tabletalk:secret@127.0.0.1:${port}/chinook`;
  }
  return {
    port,
    url: (db = 'postgres') => `postgres://tabletalk:secret@127.0.0.1:${port}/${db}`,
    chinookUrl: chinook,
    psql,
    stop() {
      try { asPostgres(pgCtl, ['-D', data, '-m', 'immediate', 'stop'], { stdio: 'ignore' }); } catch { /* already gone */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startMariadb({ loadChinook = true } = {}) {
  const mariadbd = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find(existsSync);
  if (!mariadbd || spawnSync('which', ['mariadb-install-db']).status !== 0) return { skip: 'MariaDB binaries not found (apt-get install mariadb-server)' };
  const dir = mkdtempSync(join(tmpdir(), 'tt-maria-'));
  const data = join(dir, 'data');
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, `--user=${isRoot ? 'root' : process.env.USER}`, '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'ignore' });
  const port = await freePort();
  const sock = join(dir, 'sock');
  const proc = spawn(mariadbd, ['--no-defaults', `--datadir=${data}`, `--user=${isRoot ? 'root' : process.env.USER}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${sock}`, '--skip-log-bin', '--innodb-flush-log-at-trx-commit=0', `--log-error=${join(dir, 'err.log')}`], { stdio: 'ignore', detached: false });
  const client = (args, input) => execFileSync('mariadb', ['--no-defaults', '-h', '127.0.0.1', '-P', String(port), '-u', 'root', ...args], { input, stdio: ['pipe', 'pipe', 'pipe'] });
  await waitFor(() => (client(['-e', 'select 1']), true), 15000, 'MariaDB');
  client(['-e', "create user 'tabletalk'@'%' identified by 'secret'; grant all on *.* to 'tabletalk'@'%' with grant option; create user 'tabletalk'@'localhost' identified by 'secret'; grant all on *.* to 'tabletalk'@'localhost' with grant option;"]);
  let chinook = null;
  const sqlFile = join(chinookDir, 'Chinook_MySql.sql');
  if (loadChinook && existsSync(sqlFile)) {
    client([], execFileSync('cat', [sqlFile]));
    chinook = `mysql://tabletalk:secret@127.0.0.1:${port}/Chinook`;
  }
  return {
    port,
    url: (db = 'mysql') => `mysql://tabletalk:secret@127.0.0.1:${port}/${db}`,
    chinookUrl: chinook,
    client,
    stop() {
      proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
