// The add/edit steps: QuickPick and InputBox, one after another. Escape at any step cancels and changes nothing.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasourceConfig, Dialect, SslMode } from '../../core/datasource/types';
import { dialectLabel, type SettingsTarget } from './store';

export interface DatasourceAnswers {
  config: Omit<DatasourceConfig, 'id'>;
  /** Undefined: keep the stored password (edit) or none (add). */
  password?: string;
  target: SettingsTarget;
}

const defaultPort: Record<Exclude<Dialect, 'sqlite'>, number> = { postgres: 5432, mysql: 3306 };

async function pickDialect(): Promise<Dialect | undefined> {
  const items: (vscode.QuickPickItem & { dialect: Dialect })[] = [
    { label: 'SQLite', description: vscode.l10n.t('a database file'), dialect: 'sqlite' },
    { label: 'PostgreSQL', description: vscode.l10n.t('host, port, user, database'), dialect: 'postgres' },
    { label: 'MySQL / MariaDB', description: vscode.l10n.t('host, port, user, database'), dialect: 'mysql' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Add Datasource: type'), placeHolder: vscode.l10n.t('What kind of database?'), ignoreFocusOut: true });
  return pick?.dialect;
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
    { label: 'require', description: vscode.l10n.t('TLS, certificate not checked'), mode: 'require' },
    { label: 'verify-full', description: vscode.l10n.t('TLS, certificate and host name checked'), mode: 'verify-full' },
  ];
  const active = modes.find((m) => m.mode === (current?.mode ?? 'disable'));
  const pick = await vscode.window.showQuickPick(modes.map((m) => ({ ...m, picked: m === active })), { title, placeHolder: vscode.l10n.t('SSL mode (now: {0})', active?.label ?? 'disable'), ignoreFocusOut: true });
  if (!pick) return null;
  if (pick.mode !== 'verify-full') return { mode: pick.mode };
  const none = vscode.l10n.t('Use the system certificate authorities');
  const choose = vscode.l10n.t('Choose a CA certificate file…');
  const keep = current?.caFile ? vscode.l10n.t('Keep {0}', path.basename(current.caFile)) : undefined;
  const ca = await vscode.window.showQuickPick([...(keep ? [keep] : []), none, choose], { title, placeHolder: vscode.l10n.t('Certificate authority for verify-full'), ignoreFocusOut: true });
  if (!ca) return null;
  if (ca === keep) return { mode: 'verify-full', caFile: current?.caFile };
  if (ca === none) return { mode: 'verify-full' };
  const file = await pickFile(title, undefined, { [vscode.l10n.t('Certificates')]: ['pem', 'crt', 'cer'], [vscode.l10n.t('All files')]: ['*'] });
  return file ? { mode: 'verify-full', caFile: file } : null;
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
 * may be left blank to keep the stored one. Returns undefined when the user cancels.
 */
export async function promptDatasource(existing?: { config: DatasourceConfig; target: SettingsTarget; hasPassword: boolean }): Promise<DatasourceAnswers | undefined> {
  const dialect = existing?.config.dialect ?? (await pickDialect());
  if (!dialect) return undefined;
  const title = existing ? vscode.l10n.t('Edit Datasource: {0}', existing.config.name) : vscode.l10n.t('Add {0} Datasource', dialectLabel[dialect]);
  const old = existing?.config;

  if (dialect === 'sqlite') {
    const file = await pickFile(title, old?.file, { SQLite: ['sqlite', 'sqlite3', 'db', 'db3', 'sdb'], [vscode.l10n.t('All files')]: ['*'] });
    if (!file) return undefined;
    const name = await input(title, { prompt: vscode.l10n.t('Name shown in the Datasources view'), value: old?.name ?? path.basename(file).replace(/\.[^.]+$/, ''), validateInput: required(vscode.l10n.t('A name')) });
    if (!name) return undefined;
    const target = existing?.target ?? (await pickTarget(title));
    if (!target) return undefined;
    return { config: { name: name.trim(), dialect, file }, target };
  }

  const host = await input(title, { prompt: vscode.l10n.t('Host name or IP address'), value: old?.host ?? 'localhost', validateInput: required(vscode.l10n.t('A host')) });
  if (!host) return undefined;
  const port = await input(title, { prompt: vscode.l10n.t('Port'), value: String(old?.port ?? defaultPort[dialect]), validateInput: validPort });
  if (!port) return undefined;
  const database = await input(title, { prompt: vscode.l10n.t('Database name'), value: old?.database ?? (dialect === 'postgres' ? 'postgres' : ''), validateInput: required(vscode.l10n.t('A database name')) });
  if (!database) return undefined;
  const user = await input(title, { prompt: vscode.l10n.t('User name'), value: old?.user ?? '', validateInput: required(vscode.l10n.t('A user name')) });
  if (!user) return undefined;
  const password = await input(title, {
    prompt: existing?.hasPassword ? vscode.l10n.t('Password (leave blank to keep the stored password)') : vscode.l10n.t('Password (leave blank if none); kept in VS Code secret storage, never in settings'),
    password: true,
  });
  if (password === undefined) return undefined;
  const ssl = await pickSsl(title, old?.ssl);
  if (ssl === null) return undefined;
  const name = await input(title, { prompt: vscode.l10n.t('Name shown in the Datasources view'), value: old?.name ?? `${database.trim()}@${host.trim()}`, validateInput: required(vscode.l10n.t('A name')) });
  if (!name) return undefined;
  const target = existing?.target ?? (await pickTarget(title));
  if (!target) return undefined;
  return {
    config: { name: name.trim(), dialect, host: host.trim(), port: Number(port), database: database.trim(), user: user.trim(), ssl, ...(old?.schemas ? { schemas: old.schemas } : {}) },
    password: password === '' ? undefined : password,
    target,
  };
}
