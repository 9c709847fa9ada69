// The add/edit steps: QuickPick and InputBox, one after another. The first step of Add also takes a pasted
// connection URL (then only the name and where to save are asked). Escape at any step changes no setting; what an
// abandoned Add had typed is kept (in memory, this window only) and offered as "Resume" by the next Add.
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as os from 'node:os';
import { existsSync } from 'node:fs';
import type { DatasourceConfig, Dialect, SshConfig, SslMode } from '../../core/datasource/types';
import { parseSshTarget } from '../../core/datasource/ssh-target';
import { datasourceFromUrl, looksLikeDatasourceUrl, redactUrl } from '../../core/datasource/url';
import { describeErrorIn } from './error-text';
import { dialectLabel, type SettingsTarget } from './store';

export interface DatasourceAnswers {
  config: Omit<DatasourceConfig, 'id'>;
  /** Undefined: keep the stored password (edit) or none (add). */
  password?: string;
  /** SSH password or key passphrase; undefined: keep the stored one (edit) or none (add). */
  sshSecret?: string;
  target: SettingsTarget;
}

const defaultPort: Record<Exclude<Dialect, 'sqlite'>, number> = { postgres: 5432, mysql: 3306 };

/** What an Add left behind when the user pressed Escape or chose to edit it again; the next Add offers it. */
export interface DatasourceDraft {
  config: Partial<Omit<DatasourceConfig, 'id'>> & { dialect: Dialect };
  password?: string;
  sshSecret?: string;
  /** Came from a pasted URL: connection details are complete, only the name and target remain. */
  fromUrl?: boolean;
}

let draft: DatasourceDraft | undefined;

/** Keeps an unfinished Add for the next one (Save anyway declined, or Escape). */
export function keepDraft(d: DatasourceDraft): void {
  draft = d;
}

export function clearDraft(): void {
  draft = undefined;
}

function draftLabel(d: DatasourceDraft): string {
  const c = d.config;
  return c.name ?? (c.dialect === 'sqlite' ? (c.file ? path.basename(c.file) : dialectLabel.sqlite) : [c.database, c.host].filter(Boolean).join('@') || dialectLabel[c.dialect]);
}

function workspaceDir(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}

type StartItem = vscode.QuickPickItem & { start?: DatasourceDraft };

/**
 * The first step: a kind of database, "Resume" of an abandoned Add, or a pasted URL (parsed as it is typed; a
 * malformed one says which part is wrong, with its password hidden, and the pick stays open).
 */
async function pickStart(): Promise<DatasourceDraft | undefined> {
  const kinds: StartItem[] = [
    { label: 'SQLite', description: vscode.l10n.t('a database file'), start: { config: { dialect: 'sqlite' } } },
    { label: 'PostgreSQL', description: vscode.l10n.t('host, port, user, database'), start: { config: { dialect: 'postgres' } } },
    { label: 'MySQL / MariaDB', description: vscode.l10n.t('host, port, user, database'), start: { config: { dialect: 'mysql' } } },
  ];
  const resume: StartItem[] = draft ? [{ label: vscode.l10n.t('Resume: {0}', draftLabel(draft)), description: vscode.l10n.t('what you typed last time'), start: draft }] : [];
  const qp = vscode.window.createQuickPick<StartItem>();
  qp.title = vscode.l10n.t('Add Datasource: type');
  qp.placeholder = vscode.l10n.t('What kind of database? Or paste a connection URL (postgres://, mysql://, sqlite:)');
  qp.ignoreFocusOut = true;
  const base = [...resume, ...kinds];
  qp.items = base;
  const urlItem = (text: string): StartItem => {
    try {
      const { config, password } = datasourceFromUrl(text, workspaceDir());
      return { label: vscode.l10n.t('Use this URL'), description: redactUrl(text.trim()), alwaysShow: true, start: { config, password, fromUrl: true } };
    } catch (err) {
      return { label: vscode.l10n.t('This URL cannot be used'), detail: describeErrorIn(err, vscode.l10n), alwaysShow: true };
    }
  };
  qp.onDidChangeValue((value) => {
    qp.items = looksLikeDatasourceUrl(value) ? [urlItem(value)] : base;
  });
  return new Promise<DatasourceDraft | undefined>((resolve) => {
    let done = false;
    qp.onDidAccept(() => {
      const pick = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!pick?.start) return; // a broken URL: the message is on screen; let the user fix it
      done = true;
      resolve(pick.start);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

async function pickFile(title: string, current?: string, filters?: Record<string, string[]>): Promise<string | undefined> {
  if (current) {
    const keep = vscode.l10n.t('Keep {0}', path.basename(current));
    const other = vscode.l10n.t('Choose another file…');
    const pick = await vscode.window.showQuickPick([{ label: keep, description: current }, { label: other }], { title, ignoreFocusOut: true });
    if (!pick) return undefined;
    if (pick.label === keep) return current;
  }
  const uris = await vscode.window.showOpenDialog({
    title,
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    defaultUri: current ? vscode.Uri.file(path.dirname(current)) : vscode.workspace.workspaceFolders?.[0]?.uri,
    filters,
  });
  return uris?.[0]?.fsPath;
}

function input(title: string, options: vscode.InputBoxOptions): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title, ignoreFocusOut: true, ...options });
}

async function pickSsl(title: string, current?: DatasourceConfig['ssl']): Promise<DatasourceConfig['ssl'] | null> {
  const modes: (vscode.QuickPickItem & { mode: SslMode })[] = [
    { label: 'disable', description: vscode.l10n.t('no TLS (local servers)'), mode: 'disable' },
    { label: 'prefer', description: vscode.l10n.t('TLS when the server offers it, else plain; certificate not checked'), mode: 'prefer' },
    { label: 'require', description: vscode.l10n.t('TLS, certificate not checked'), mode: 'require' },
    { label: 'verify-full', description: vscode.l10n.t('TLS, certificate and host name checked'), mode: 'verify-full' },
  ];
  const active = modes.find((m) => m.mode === (current?.mode ?? 'disable'));
  const pick = await vscode.window.showQuickPick(modes.map((m) => ({ ...m, picked: m === active })), { title, placeHolder: vscode.l10n.t('SSL mode (now: {0})', active?.label ?? 'disable'), ignoreFocusOut: true });
  if (!pick) return null;
  if (pick.mode === 'disable') return { mode: 'disable' };
  let ssl: NonNullable<DatasourceConfig['ssl']> = { mode: pick.mode };
  if (pick.mode === 'verify-full') {
    const none = vscode.l10n.t('Use the system certificate authorities');
    const choose = vscode.l10n.t('Choose a CA certificate file…');
    const keep = current?.caFile ? vscode.l10n.t('Keep {0}', path.basename(current.caFile)) : undefined;
    const ca = await vscode.window.showQuickPick([...(keep ? [keep] : []), none, choose], { title, placeHolder: vscode.l10n.t('Certificate authority for verify-full'), ignoreFocusOut: true });
    if (!ca) return null;
    if (ca === keep) ssl = { mode: 'verify-full', caFile: current?.caFile };
    else if (ca === choose) {
      const file = await pickFile(title, undefined, { [vscode.l10n.t('Certificates')]: ['pem', 'crt', 'cer'], [vscode.l10n.t('All files')]: ['*'] });
      if (!file) return null;
      ssl = { mode: 'verify-full', caFile: file };
    }
  }
  return pickClientCertificate(title, ssl, current);
}

/** Mutual TLS: no client certificate, keep the current one, or a certificate file and its key file. */
async function pickClientCertificate(title: string, ssl: NonNullable<DatasourceConfig['ssl']>, current?: DatasourceConfig['ssl']): Promise<DatasourceConfig['ssl'] | null> {
  const none = vscode.l10n.t('No client certificate');
  const choose = vscode.l10n.t('Use a client certificate and key…');
  const keep = current?.certFile && current.keyFile ? vscode.l10n.t('Keep client certificate {0}', path.basename(current.certFile)) : undefined;
  const answer = await vscode.window.showQuickPick([...(keep ? [keep] : []), none, choose], { title, placeHolder: vscode.l10n.t('Client certificate (mutual TLS), if the server asks for one'), ignoreFocusOut: true });
  if (!answer) return null;
  if (answer === none) return ssl;
  if (answer === keep) return { ...ssl, certFile: current?.certFile, keyFile: current?.keyFile };
  const pem = { [vscode.l10n.t('Certificates')]: ['pem', 'crt', 'cer'], [vscode.l10n.t('All files')]: ['*'] };
  const certFile = await pickFile(vscode.l10n.t('{0}: client certificate', title), undefined, pem);
  if (!certFile) return null;
  const keyFile = await pickFile(vscode.l10n.t('{0}: client certificate key (unencrypted PEM)', title), undefined, { [vscode.l10n.t('Keys')]: ['pem', 'key'], [vscode.l10n.t('All files')]: ['*'] });
  if (!keyFile) return null;
  return { ...ssl, certFile, keyFile };
}

/** user@host or user@host:port, as ssh takes it; undefined when it is not that. */
function parseSshServer(text: string): Pick<SshConfig, 'user' | 'host' | 'port'> | undefined {
  const t = parseSshTarget(text);
  return 'error' in t ? undefined : t;
}

function expandHome(file: string): string {
  return file.trim().replace(/^~(?=$|[/\\])/, os.homedir());
}

function defaultKeyFile(): string {
  const dir = path.join(os.homedir(), '.ssh');
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => path.join(dir, n)).find((f) => existsSync(f)) ?? path.join(dir, 'id_ed25519');
}

/**
 * The optional SSH step. Undefined `ssh`: connect directly. `secret` undefined keeps the stored one (edit) or
 * means none. Returns null when the user cancels.
 */
async function pickSsh(title: string, current: SshConfig | undefined, hasSecret: boolean): Promise<{ ssh?: SshConfig; secret?: string } | null> {
  type Choice = vscode.QuickPickItem & { use: 'no' | 'yes' | 'retrust' };
  const items: Choice[] = [
    { label: vscode.l10n.t('No, connect directly'), use: 'no' },
    { label: vscode.l10n.t('Yes, through an SSH server'), description: current ? `${current.user}@${current.host}:${current.port ?? 22}` : vscode.l10n.t('host and port above are then as seen from the SSH server'), use: 'yes' },
    ...(current?.hostKey ? [{ label: vscode.l10n.t('Yes, and trust the server\'s new host key'), description: vscode.l10n.t('now trusted: {0}', current.hostKey), use: 'retrust' as const }] : []),
  ];
  const choice = await vscode.window.showQuickPick(items.map((i) => ({ ...i, picked: current ? i.use === 'yes' : i.use === 'no' })), { title, placeHolder: vscode.l10n.t('Connect through SSH?'), ignoreFocusOut: true });
  if (!choice) return null;
  if (choice.use === 'no') return {};
  const server = await input(title, {
    prompt: vscode.l10n.t('SSH server: user@host or user@host:port'),
    value: current ? `${current.user}@${current.host}${(current.port ?? 22) === 22 ? '' : `:${current.port}`}` : `${os.userInfo().username}@`,
    validateInput: (v) => (parseSshServer(v) ? undefined : vscode.l10n.t('Write it as user@host or user@host:port (port 1-65535).')),
  });
  if (server === undefined) return null;
  const target = parseSshServer(server)!;
  type Auth = vscode.QuickPickItem & { auth: SshConfig['auth'] };
  const auths: Auth[] = [
    { label: vscode.l10n.t('Private key file'), description: vscode.l10n.t('e.g. ~/.ssh/id_ed25519, with or without a passphrase'), auth: 'key' },
    { label: vscode.l10n.t('SSH agent'), description: process.env.SSH_AUTH_SOCK ? vscode.l10n.t('the keys of the running agent') : vscode.l10n.t('no agent found (SSH_AUTH_SOCK is not set)'), auth: 'agent' },
    { label: vscode.l10n.t('Password'), auth: 'password' },
  ];
  const auth = await vscode.window.showQuickPick(auths.map((a) => ({ ...a, picked: a.auth === (current?.auth ?? 'key') })), { title, placeHolder: vscode.l10n.t('How do you log in to {0}?', `${target.host}:${target.port}`), ignoreFocusOut: true });
  if (!auth) return null;
  // The same server keeps the host key it was trusted with; another server (or "trust the new key") asks again.
  const sameServer = current && current.host === target.host && (current.port ?? 22) === target.port && choice.use !== 'retrust';
  const base: SshConfig = { host: target.host, port: target.port, user: target.user, auth: auth.auth, ...(sameServer && current.hostKey ? { hostKey: current.hostKey } : {}), ...(current?.knownHostsFile ? { knownHostsFile: current.knownHostsFile } : {}) };
  const keepable = hasSecret && current?.auth === auth.auth;
  if (auth.auth === 'agent') return { ssh: base };
  if (auth.auth === 'password') {
    const secret = await input(title, { prompt: keepable ? vscode.l10n.t('SSH password (leave blank to keep the stored one)') : vscode.l10n.t('SSH password; kept in VS Code secret storage, never in settings'), password: true });
    if (secret === undefined) return null;
    return { ssh: base, secret: secret || undefined };
  }
  const keyFile = await input(title, {
    prompt: vscode.l10n.t('Private key file'),
    value: current?.keyFile ?? defaultKeyFile(),
    validateInput: (v) => (existsSync(expandHome(v)) ? undefined : vscode.l10n.t('No file at {0}.', expandHome(v))),
  });
  if (keyFile === undefined) return null;
  const secret = await input(title, {
    prompt: keepable ? vscode.l10n.t('Key passphrase (leave blank to keep the stored one)') : vscode.l10n.t('Key passphrase (leave blank if the key has none); kept in VS Code secret storage'),
    password: true,
  });
  if (secret === undefined) return null;
  return { ssh: { ...base, keyFile: expandHome(keyFile) }, secret: secret || undefined };
}

async function pickTarget(title: string): Promise<SettingsTarget | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) return 'user';
  const items: (vscode.QuickPickItem & { target: SettingsTarget })[] = [
    { label: vscode.l10n.t('User settings'), description: vscode.l10n.t('available in every window'), target: 'user' },
    { label: vscode.l10n.t('Workspace settings'), description: vscode.l10n.t('only this workspace; can be shared with the team (no password is saved there)'), target: 'workspace' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Where should the datasource be saved?'), ignoreFocusOut: true });
  return pick?.target;
}

const validPort = (v: string) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : vscode.l10n.t('A port is a number from 1 to 65535.'));
const required = (what: string) => (v: string) => (v.trim() ? undefined : vscode.l10n.t('{0} is required.', what));

/**
 * Asks for a datasource definition. With `existing`, every step starts from the current value and the password
 * may be left blank to keep the stored one. With `seed` (Add only), the steps start from an unfinished Add.
 * Returns undefined when the user cancels; an Add cancelled after its first step is kept as a draft.
 */
export async function promptDatasource(existing?: { config: DatasourceConfig; target: SettingsTarget; hasPassword: boolean; hasSshSecret?: boolean }, seed?: DatasourceDraft): Promise<DatasourceAnswers | undefined> {
  const start = existing ? { config: existing.config } : (seed ?? (await pickStart()));
  if (!start) return undefined;
  const dialect = start.config.dialect;
  const title = existing ? vscode.l10n.t('Edit Datasource: {0}', existing.config.name) : vscode.l10n.t('Add {0} Datasource', dialectLabel[dialect]);
  const old = start.config;
  // Every answer lands here at once, so Escape at a later step can keep it for "Resume".
  const progress: DatasourceDraft = { config: { ...start.config }, password: start.password, sshSecret: start.sshSecret, fromUrl: start.fromUrl };
  const cancel = (): undefined => {
    if (!existing) keepDraft(progress);
    return undefined;
  };
  const skipDetails = !existing && start.fromUrl;

  if (dialect === 'sqlite') {
    const file = skipDetails && old.file ? old.file : await pickFile(title, old.file, { SQLite: ['sqlite', 'sqlite3', 'db', 'db3', 'sdb'], [vscode.l10n.t('All files')]: ['*'] });
    if (!file) return cancel();
    progress.config.file = file;
    const name = await input(title, { prompt: vscode.l10n.t('Name shown in the Datasources view'), value: old.name ?? path.basename(file).replace(/\.[^.]+$/, ''), validateInput: required(vscode.l10n.t('A name')) });
    if (!name) return cancel();
    progress.config.name = name.trim();
    const target = existing?.target ?? (await pickTarget(title));
    if (!target) return cancel();
    return { config: { name: name.trim(), dialect, file }, target };
  }

  const ask = async (key: 'host' | 'port' | 'database' | 'user', options: vscode.InputBoxOptions): Promise<string | undefined> => {
    const current = old[key];
    if (skipDetails && current !== undefined) return String(current);
    const answer = await input(title, options);
    if (answer !== undefined) progress.config = { ...progress.config, [key]: key === 'port' ? Number(answer) : answer.trim() };
    return answer;
  };
  const host = await ask('host', { prompt: vscode.l10n.t('Host name or IP address'), value: old.host ?? 'localhost', validateInput: required(vscode.l10n.t('A host')) });
  if (!host) return cancel();
  const port = await ask('port', { prompt: vscode.l10n.t('Port'), value: String(old.port ?? defaultPort[dialect]), validateInput: validPort });
  if (!port) return cancel();
  const database = await ask('database', { prompt: vscode.l10n.t('Database name'), value: old.database ?? (dialect === 'postgres' ? 'postgres' : ''), validateInput: required(vscode.l10n.t('A database name')) });
  if (!database) return cancel();
  const user = await ask('user', { prompt: vscode.l10n.t('User name'), value: old.user ?? '', validateInput: required(vscode.l10n.t('A user name')) });
  if (!user) return cancel();
  let password: string | undefined = start.password ?? '';
  if (!skipDetails) {
    password = await input(title, {
      prompt: existing?.hasPassword ? vscode.l10n.t('Password (leave blank to keep the stored password)') : vscode.l10n.t('Password (leave blank if none); kept in VS Code secret storage, never in settings'),
      password: true,
      value: existing ? undefined : start.password,
    });
    if (password === undefined) return cancel();
    progress.password = password || undefined;
  }
  let ssl = old.ssl;
  if (!skipDetails) {
    const picked = await pickSsl(title, old.ssl);
    if (picked === null) return cancel();
    ssl = picked;
    progress.config.ssl = picked;
  }
  let ssh = old.ssh;
  let sshSecret = start.sshSecret;
  if (!skipDetails) {
    const picked = await pickSsh(title, old.ssh, existing?.hasSshSecret ?? start.sshSecret !== undefined);
    if (picked === null) return cancel();
    ssh = picked.ssh;
    sshSecret = picked.secret ?? (picked.ssh && picked.ssh.auth === old.ssh?.auth ? start.sshSecret : undefined);
    progress.config.ssh = ssh;
    progress.sshSecret = sshSecret;
  }
  const name = await input(title, { prompt: vscode.l10n.t('Name shown in the Datasources view'), value: old.name ?? `${database.trim()}@${host.trim()}`, validateInput: required(vscode.l10n.t('A name')) });
  if (!name) return cancel();
  progress.config.name = name.trim();
  const target = existing?.target ?? (await pickTarget(title));
  if (!target) return cancel();
  return {
    config: { name: name.trim(), dialect, host: host.trim(), port: Number(port), database: database.trim(), user: user.trim(), ...(ssl ? { ssl } : {}), ...(ssh ? { ssh } : {}), ...(old.schemas ? { schemas: old.schemas } : {}) },
    password: password === '' ? undefined : password,
    sshSecret,
    target,
  };
}
