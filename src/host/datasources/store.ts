// Datasource definitions live in the `tabletalk.datasources` setting, in user or workspace settings (and, in a
// multi-root workspace, in each folder's .vscode/settings.json), never with a password. Reads every scope (VS Code
// would otherwise let the workspace array hide the user's) and writes each definition back to the scope it came from.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasourceConfig, Dialect } from '../../core/datasource/types';
import type { Logger } from '../logging';

export type SettingsTarget = 'user' | 'workspace';

export interface StoredDatasource {
  config: DatasourceConfig;
  target: SettingsTarget;
  /** Why this entry cannot be used (a hand-edited setting with missing fields), shown as an error node. */
  problem?: string;
  /**
   * The workspace folder whose own settings (.vscode/settings.json, in a multi-root workspace) define it; its relative
   * SQLite path is relative to that folder. Such an entry has target 'workspace'.
   */
  folder?: vscode.WorkspaceFolder;
}

/** Multi-root: folder settings are a scope of their own only when the window holds a .code-workspace. */
function folderScopes(): readonly vscode.WorkspaceFolder[] {
  if (!vscode.workspace.workspaceFile || !vscode.workspace.isTrusted) return [];
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
}

const SECTION = 'tabletalk';
const KEY = 'datasources';
const dialects: readonly Dialect[] = ['sqlite', 'postgres', 'mysql'];

export const dialectLabel: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL', mysql: 'MySQL' };

function toTarget(target: SettingsTarget): vscode.ConfigurationTarget {
  return target === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

export function slug(name: string): string {
  return name.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'datasource';
}

/** Checks one hand-editable entry; returns the config to use and, if it cannot work, why. */
function validate(raw: unknown, index: number): { config: DatasourceConfig; problem?: string } | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const entry = { ...(raw as Record<string, unknown>) };
  delete entry.password; // never read a secret from settings
  const name = typeof entry.name === 'string' && entry.name ? entry.name : `Datasource ${index + 1}`;
  const id = typeof entry.id === 'string' && entry.id ? entry.id : slug(name);
  const config = { ...entry, id, name } as DatasourceConfig;
  if (!dialects.includes(config.dialect)) return { config, problem: vscode.l10n.t('"dialect" must be one of {0}.', dialects.join(', ')) };
  if (config.dialect === 'sqlite' && !config.file) return { config, problem: vscode.l10n.t('A SQLite datasource needs "file": the path of the database file.') };
  if (config.dialect !== 'sqlite' && !config.host) return { config, problem: vscode.l10n.t('A {0} datasource needs "host".', dialectLabel[config.dialect]) };
  const ssh = config.ssh as Partial<NonNullable<DatasourceConfig['ssh']>> | undefined;
  if (ssh !== undefined) {
    if (config.dialect === 'sqlite') return { config, problem: vscode.l10n.t('"ssh" works with PostgreSQL and MySQL datasources only.') };
    if (!ssh || typeof ssh !== 'object' || !ssh.host || !ssh.user) return { config, problem: vscode.l10n.t('"ssh" needs "host" and "user".') };
    if (!['password', 'key', 'agent'].includes(String(ssh.auth))) return { config, problem: vscode.l10n.t('"ssh.auth" must be one of {0}.', 'password, key, agent') };
    if (ssh.auth === 'key' && !ssh.keyFile) return { config, problem: vscode.l10n.t('"ssh.auth": "key" needs "ssh.keyFile": the private key file.') };
    const { password: _p, passphrase: _q, ...clean } = ssh as Record<string, unknown>; // never read a secret from settings
    config.ssh = clean as unknown as DatasourceConfig['ssh'];
  }
  return { config };
}

export class DatasourceStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string[]>();
  /** Ids whose definition was added, changed or removed, after any edit of the setting (in any window). */
  readonly onDidChange = this.changed.event;
  private snapshot = new Map<string, string>();
  private readonly listener: vscode.Disposable;

  constructor(private readonly log: Logger) {
    this.snapshot = this.fingerprint();
    this.listener = vscode.Disposable.from(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.${KEY}`)) this.snapshotNow();
      }),
      // A folder added or removed brings or takes away the datasources of its settings.
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.snapshotNow()),
    );
  }

  private fingerprint(): Map<string, string> {
    // An SSH host key accepted on first use is saved while the datasource connects: that is no reason to reconnect.
    return new Map(this.list().map((d) => [d.config.id, JSON.stringify({ ...d, folder: d.folder?.uri.toString(), config: { ...d.config, ssh: d.config.ssh && { ...d.config.ssh, hostKey: undefined } } })]));
  }

  private read(target: SettingsTarget): unknown[] {
    // Restricted Mode: a workspace nobody trusted yet defines no datasources (it could point a saved one elsewhere).
    if (target === 'workspace' && !vscode.workspace.isTrusted) return [];
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown[]>(KEY);
    const value = target === 'user' ? inspected?.globalValue : inspected?.workspaceValue;
    return Array.isArray(value) ? value : [];
  }

  /** The entries of one folder's own settings (multi-root workspaces only). */
  private readFolder(folder: vscode.WorkspaceFolder): unknown[] {
    const value = vscode.workspace.getConfiguration(SECTION, folder.uri).inspect<unknown[]>(KEY)?.workspaceFolderValue;
    return Array.isArray(value) ? value : [];
  }

  /**
   * User datasources first, then the workspace's, then each folder's (multi-root); a workspace or folder entry
   * overrides a user or workspace entry with the same id. Ids stay unique across folders: when two folders define
   * the same id, the first folder's entry is used and the other one is left out (with a warning in the log).
   */
  list(): StoredDatasource[] {
    const byId = new Map<string, StoredDatasource>();
    const add = (raw: unknown, i: number, where: string, entry: Omit<StoredDatasource, 'config' | 'problem'>) => {
      const checked = validate(raw, i);
      if (!checked) {
        this.log.warn(`Ignoring entry ${i + 1} of tabletalk.datasources in ${where}: it is not an object.`);
        return;
      }
      const before = byId.get(checked.config.id);
      if (before?.folder && entry.folder) {
        this.log.warn(`Datasource id "${checked.config.id}" is defined in the settings of folders "${before.folder.name}" and "${entry.folder.name}"; the first is used. Give one of them another id.`);
        return;
      }
      if (before) this.log.warn(`Datasource id "${checked.config.id}" is defined twice; the ${where} entry wins.`);
      byId.set(checked.config.id, { ...checked, ...entry });
    };
    for (const target of ['user', 'workspace'] as const) this.read(target).forEach((raw, i) => add(raw, i, `${target} settings`, { target }));
    for (const folder of folderScopes()) this.readFolder(folder).forEach((raw, i) => add(raw, i, `the settings of folder "${folder.name}"`, { target: 'workspace', folder }));
    return [...byId.values()];
  }

  get(id: string): StoredDatasource | undefined {
    return this.list().find((d) => d.config.id === id);
  }

  /** The user's own definition with this id, even when a workspace entry overrides it: what its password was saved for. */
  userEntry(id: string): DatasourceConfig | undefined {
    for (const [i, raw] of this.read('user').entries()) {
      const checked = validate(raw, i);
      if (checked?.config.id === id) return checked.config;
    }
    return undefined;
  }

  /** An id derived from the name that no datasource uses yet. */
  uniqueId(name: string): string {
    const taken = new Set(this.list().map((d) => d.config.id));
    const base = slug(name);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    return id;
  }

  /**
   * Adds or replaces (by id) a definition in the given scope; removes it from the other scopes if it moved.
   * `folder` (multi-root): write it to that folder's settings. An entry that already lives in a folder's settings
   * stays there when saved to 'workspace' again.
   */
  async save(config: DatasourceConfig, target: SettingsTarget, folder?: vscode.WorkspaceFolder): Promise<void> {
    const clean = stripUndefined(config);
    const hasId = (e: unknown) => (e as { id?: unknown })?.id === clean.id;
    const inFolder = target === 'workspace' ? folder ?? folderScopes().find((f) => this.readFolder(f).some(hasId)) : undefined;
    const existing = inFolder ? this.readFolder(inFolder) : this.read(target);
    const index = existing.findIndex(hasId);
    const next = index >= 0 ? existing.map((e, i) => (i === index ? clean : e)) : [...existing, clean];
    if (inFolder) await vscode.workspace.getConfiguration(SECTION, inFolder.uri).update(KEY, next, vscode.ConfigurationTarget.WorkspaceFolder);
    else await vscode.workspace.getConfiguration(SECTION).update(KEY, next, toTarget(target));
    for (const other of ['user', 'workspace'] as const) {
      if ((other !== target || inFolder) && this.read(other).some(hasId)) await this.removeFrom(clean.id, other);
    }
    for (const f of folderScopes()) if (f.uri.toString() !== inFolder?.uri.toString() && this.readFolder(f).some(hasId)) await this.removeFromFolder(clean.id, f);
    this.snapshotNow();
  }

  async remove(id: string): Promise<void> {
    for (const target of ['user', 'workspace'] as const) {
      if (this.read(target).some((e) => (e as { id?: unknown })?.id === id)) await this.removeFrom(id, target);
    }
    for (const f of folderScopes()) if (this.readFolder(f).some((e) => (e as { id?: unknown })?.id === id)) await this.removeFromFolder(id, f);
    this.snapshotNow();
  }

  private async removeFromFolder(id: string, folder: vscode.WorkspaceFolder): Promise<void> {
    const next = this.readFolder(folder).filter((e) => (e as { id?: unknown })?.id !== id);
    await vscode.workspace.getConfiguration(SECTION, folder.uri).update(KEY, next.length ? next : undefined, vscode.ConfigurationTarget.WorkspaceFolder);
  }

  private async removeFrom(id: string, target: SettingsTarget): Promise<void> {
    const next = this.read(target).filter((e) => (e as { id?: unknown })?.id !== id);
    await vscode.workspace.getConfiguration(SECTION).update(KEY, next.length ? next : undefined, toTarget(target));
  }

  /** Fires the change event right away for edits made here, without waiting for the configuration event. */
  private snapshotNow(): void {
    const next = this.fingerprint();
    const ids = new Set([...this.snapshot.keys(), ...next.keys()]);
    const changed = [...ids].filter((id) => this.snapshot.get(id) !== next.get(id));
    this.snapshot = next;
    if (changed.length) this.changed.fire(changed);
  }

  /**
   * SQLite paths may be relative: to `folder` (the folder whose settings define the datasource), else to the first
   * workspace folder (user settings, workspace settings, a .code-workspace file).
   */
  static resolveFile(file: string, folder?: vscode.WorkspaceFolder): string {
    if (path.isAbsolute(file)) return file;
    const base = folder ?? vscode.workspace.workspaceFolders?.[0];
    if (!base) throw new Error(vscode.l10n.t('The SQLite path "{0}" is relative but no folder is open: use an absolute path.', file));
    return path.join(base.uri.fsPath, file);
  }

  /** The absolute SQLite file of a stored datasource, resolved against its own folder (see resolveFile). */
  static fileOf(stored: Pick<StoredDatasource, 'config' | 'folder'>): string | undefined {
    return stored.config.dialect === 'sqlite' && stored.config.file ? DatasourceStore.resolveFile(stored.config.file, stored.folder) : undefined;
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}

function stripUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
