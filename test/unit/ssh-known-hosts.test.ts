// known_hosts read as OpenSSH reads it, checked against keys and hashed entries made by OpenSSH's own ssh-keygen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkKnownHosts, fingerprintOf, keyTypeOf } from '../../src/core/datasource/known-hosts';
import { parseSshFlag } from '../../src/cli/ssh-flags';

const hasKeygen = (() => {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as { status?: number }).status !== undefined && (e as { code?: string }).code !== 'ENOENT';
  }
})();

function newKey(dir: string, name: string): { line: string; blob: Buffer; file: string } {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { stdio: 'ignore' });
  const line = readFileSync(`${file}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  return { line, blob: Buffer.from(line.split(' ')[1], 'base64'), file };
}

test('plain, [host]:port, wildcard, negated, hashed and revoked entries; fingerprints as ssh-keygen prints them', { skip: hasKeygen ? undefined : 'ssh-keygen not installed (openssh-client)' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tt-kh-'));
  try {
    const a = newKey(dir, 'a');
    const b = newKey(dir, 'b');
    assert.equal(keyTypeOf(a.blob), 'ssh-ed25519');
    assert.equal(fingerprintOf(a.blob), execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${a.file}.pub`]).toString().split(' ')[1]);

    const text = [`# comment`, `db.example.com,10.0.0.5 ${a.line}`, `[bastion.example.com]:2222 ${a.line}`, `*.corp.example ${a.line}`, `!evil.corp.example,*.corp.example ${b.line}`].join('\n');
    assert.equal(checkKnownHosts(text, 'db.example.com', 22, a.blob), 'match');
    assert.equal(checkKnownHosts(text, '10.0.0.5', 22, a.blob), 'match');
    assert.equal(checkKnownHosts(text, 'db.example.com', 22, b.blob), 'changed', 'another key of the same type for a listed host');
    assert.equal(checkKnownHosts(text, 'bastion.example.com', 2222, a.blob), 'match');
    assert.equal(checkKnownHosts(text, 'bastion.example.com', 22, a.blob), 'unknown', 'port 22 is a different entry than [host]:2222');
    assert.equal(checkKnownHosts(text, 'x.corp.example', 22, b.blob), 'match', 'one matching line is enough');
    assert.equal(checkKnownHosts(text, 'evil.corp.example', 22, b.blob), 'changed', 'the negation excludes the host from that line only');
    assert.equal(checkKnownHosts(text, 'elsewhere.example', 22, a.blob), 'unknown');

    // A hashed file written by ssh-keygen -H.
    const hashed = join(dir, 'known_hosts');
    writeFileSync(hashed, `[127.0.0.1]:2200 ${a.line}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', hashed], { stdio: 'ignore' });
    const hashedText = readFileSync(hashed, 'utf8');
    assert.match(hashedText, /^\|1\|/);
    assert.equal(checkKnownHosts(hashedText, '127.0.0.1', 2200, a.blob), 'match');
    assert.equal(checkKnownHosts(hashedText, '127.0.0.1', 2200, b.blob), 'changed');
    assert.equal(checkKnownHosts(hashedText, '127.0.0.2', 2200, a.blob), 'unknown');

    assert.equal(checkKnownHosts(`${text}\n@revoked * ${a.line}`, 'db.example.com', 22, a.blob), 'changed', 'a revoked key is refused everywhere');
    assert.equal(checkKnownHosts(`@cert-authority * ${a.line}`, 'db.example.com', 22, a.blob), 'unknown');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--ssh user@host[:port] parsing names the wrong part', () => {
  assert.deepEqual(parseSshFlag('deploy@bastion'), { user: 'deploy', host: 'bastion', port: 22 });
  assert.deepEqual(parseSshFlag('deploy@10.0.0.1:2222'), { user: 'deploy', host: '10.0.0.1', port: 2222 });
  assert.deepEqual(parseSshFlag('me@[::1]:2200'), { user: 'me', host: '::1', port: 2200 });
  assert.throws(() => parseSshFlag('bastion'), /not user@host or user@host:port/);
  assert.throws(() => parseSshFlag('me@bastion:0'), /port "0" is not a number between 1 and 65535/);
});
