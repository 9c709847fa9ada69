// SSH datasources inside real VS Code: the SSH password or key passphrase goes to SecretStorage only, bound to the
// SSH server and database it was saved for; editing the tunnel rebinds or drops it, removing the datasource deletes
// it. (Connecting through a real sshd is shown by test/ui/datasources-ssh.test.ts and test/integration/ssh-tunnel.test.ts.)
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TableTalkApi } from '../../src/extension';
import { tabletalk } from './support';

const sshKey = (id: string) => `tabletalk.datasource.${id}.sshSecret`;

function entry(id: string): Record<string, unknown> | undefined {
  const i = vscode.workspace.getConfiguration('tabletalk').inspect<Record<string, unknown>[]>('datasources');
  return [...(i?.globalValue ?? []), ...(i?.workspaceValue ?? [])].find((e) => e.id === id);
}

describe('SSH tunnel datasources', () => {
  let api: TableTalkApi;
  const ids: string[] = [];

  before(async () => {
    api = await tabletalk();
  });

  after(async () => {
    for (const id of ids) await vscode.commands.executeCommand('tabletalk.removeDatasource', id, { confirm: false });
  });

  it('keeps the key passphrase in SecretStorage bound to ssh server + database; edits rebind or drop it; remove deletes it', async () => {
    const passphrase = `pp-${Date.now()}-secret`;
    const ssh = { host: 'Bastion.example.com', port: 2222, user: 'deploy', auth: 'key', keyFile: '/home/me/.ssh/id_ed25519' };
    const saved = await vscode.commands.executeCommand<{ id: string }>('tabletalk.addDatasource', {
      name: 'Shop via SSH', dialect: 'postgres', host: 'localhost', port: 5432, user: 'app', database: 'shop', ssh, sshSecret: passphrase, password: 'db-pw',
    });
    // The database password is bound to the database as reached through this SSH server: another SSH server could
    // answer as the database, so it is another destination.
    const dbFor = async () => (JSON.parse((await api.context.extension.secrets.get(`tabletalk.datasource.${saved.id}.password`)) ?? '{}') as { for?: string }).for;
    assert.equal(await dbFor(), 'postgres://app@localhost:5432/shop via ssh://deploy@bastion.example.com:2222');
    ids.push(saved.id);
    const stored = entry(saved.id)!;
    assert.deepEqual(stored.ssh, ssh, 'the tunnel is in settings');
    assert.ok(!JSON.stringify(stored).includes(passphrase), 'the passphrase is not');
    const raw = JSON.parse((await api.context.extension.secrets.get(sshKey(saved.id))) ?? '{}') as { secret?: string; for?: string };
    assert.deepEqual(raw, { v: 1, secret: passphrase, for: 'ssh://deploy@bastion.example.com:2222 -> postgres://app@localhost:5432/shop' });

    // Another SSH server, same kind of login: the stored passphrase now belongs to the edited destination.
    await vscode.commands.executeCommand('tabletalk.editDatasource', saved.id, { ssh: { ...ssh, host: 'jump.example.com' } });
    const moved = JSON.parse((await api.context.extension.secrets.get(sshKey(saved.id))) ?? '{}') as { secret?: string; for?: string };
    assert.deepEqual(moved, { v: 1, secret: passphrase, for: 'ssh://deploy@jump.example.com:2222 -> postgres://app@localhost:5432/shop' });
    assert.equal(await dbFor(), 'postgres://app@localhost:5432/shop via ssh://deploy@jump.example.com:2222');

    // The agent needs no secret: the passphrase is dropped rather than kept for nothing.
    await vscode.commands.executeCommand('tabletalk.editDatasource', saved.id, { ssh: { host: 'jump.example.com', user: 'deploy', auth: 'agent' } });
    assert.equal(await api.context.extension.secrets.get(sshKey(saved.id)), undefined);

    // A password login, then no tunnel at all: the password goes with it.
    await vscode.commands.executeCommand('tabletalk.editDatasource', saved.id, { ssh: { host: 'jump.example.com', user: 'deploy', auth: 'password' }, sshSecret: 'pw-for-ssh' });
    assert.equal((await api.context.secrets.stored(sshKey(saved.id)))?.secret, 'pw-for-ssh');
    await vscode.commands.executeCommand('tabletalk.editDatasource', saved.id, { ssh: undefined });
    assert.equal(entry(saved.id)?.ssh, undefined, 'the tunnel is gone from settings');
    assert.equal(await dbFor(), 'postgres://app@localhost:5432/shop');
    assert.equal(await api.context.extension.secrets.get(sshKey(saved.id)), undefined);

    await vscode.commands.executeCommand('tabletalk.editDatasource', saved.id, { ssh: { host: 'jump.example.com', user: 'deploy', auth: 'password' }, sshSecret: 'pw-again' });
    assert.ok(await api.context.extension.secrets.get(sshKey(saved.id)));
    await vscode.commands.executeCommand('tabletalk.removeDatasource', saved.id, { confirm: false });
    ids.splice(ids.indexOf(saved.id), 1);
    assert.equal(await api.context.extension.secrets.get(sshKey(saved.id)), undefined, 'remove deletes the SSH secret');
  });

  it('refuses an SSH definition that cannot work, with a clear message', async () => {
    // The command's own function (the command itself shows the error in a notification and the log).
    const add = api.datasources.commands.add.bind(api.datasources.commands);
    await assert.rejects(add({ name: 'Bad SSH', dialect: 'postgres', host: 'localhost', user: 'a', database: 'b', ssh: { host: 'h', user: 'u', auth: 'key' } }), /"ssh.keyFile" is required with "auth": "key"/);
    await assert.rejects(add({ name: 'Bad SSH', dialect: 'sqlite', file: '/x.db', ssh: { host: 'h', user: 'u', auth: 'agent' } }), /"ssh" works with PostgreSQL and MySQL only/);
    assert.ok(!api.context.listDatasources().some((d) => d.config.name === 'Bad SSH'), 'nothing was saved');
  });
});
