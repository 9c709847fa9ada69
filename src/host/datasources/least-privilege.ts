// Least privilege, checked: when a datasource connects, TableTalk reads what its login may do beyond reading
// (core/datasource/privileges.ts) and warns, once per session, with a one-click script for a read-only login.
// With tabletalk.ask.refuseWritableLogins on, Ask, Run Query and the agent tools refuse such logins outright.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Driver, DatasourceConfig } from '../../core/datasource/types';
import type { LoginPrivileges, PrivilegeRisk } from '../../core/datasource/privileges';
import { TableTalkError } from '../../core/errors';
import type { Logger } from '../logging';
import { datasourceDestination } from '../secrets';

const MUTED_KEY = 'tabletalk.leastPrivilege.muted';

export interface LeastPrivilegeDeps {
  log: Logger;
  memento: vscode.Memento;
  config(id: string): DatasourceConfig | undefined;
  /** PostgreSQL schemas of the datasource's tables, as last introspected. */
  tableSchemas(id: string): Promise<string[]>;
}

/** One risk in words: what the login can do, with its evidence. */
function riskText(risk: PrivilegeRisk, details: string[] = []): string {
  const list = details.join(', ');
  switch (risk) {
    case 'superuser': return vscode.l10n.t('it is a superuser');
    case 'write-tables': return vscode.l10n.t('write tables ({0})', list);
    case 'server-files': return vscode.l10n.t('read or write files on the server ({0})', list);
    case 'server-programs': return vscode.l10n.t('run programs on the server');
    case 'other-connections': return vscode.l10n.t('open other connections ({0})', list);
    case 'file-functions': return vscode.l10n.t('call {0}', list);
    case 'global-admin': return vscode.l10n.t('administer the server ({0})', list);
  }
}

export function risksText(p: LoginPrivileges): string {
  // A superuser may do everything: the rest would only make the warning longer.
  const shown = p.risks.includes('superuser') ? ['superuser' as const] : p.risks;
  return shown.map((r) => riskText(r, p.details[r])).join('; ');
}

export class LeastPrivilege {
  private readonly checked = new WeakMap<Driver, Promise<LoginPrivileges | undefined>>();
  private readonly warned = new Set<string>();

  constructor(private readonly deps: LeastPrivilegeDeps) {}

  /** What the driver's login may do; undefined when the check itself failed (logged, never blocks reading). */
  privileges(driver: Driver): Promise<LoginPrivileges | undefined> {
    let p = this.checked.get(driver);
    if (!p) {
      p = import('../../core/datasource/index.js').then(({ loginPrivileges }) => loginPrivileges(driver)).catch((err: unknown) => {
        this.deps.log.warn(`Could not check the login's privileges: ${String(err)}`);
        return undefined;
      });
      this.checked.set(driver, p);
    }
    return p;
  }

  private muteKey(id: string): string | undefined {
    const config = this.deps.config(id);
    return config && `${id}@${datasourceDestination(config)}`;
  }

  /** After a new connection: a warning with the script, once per session, unless muted for this destination. */
  async onConnected(id: string, driver: Driver): Promise<void> {
    if (!vscode.workspace.getConfiguration('tabletalk.security').get<boolean>('warnWritableLogins', true)) return;
    const p = await this.privileges(driver);
    const key = this.muteKey(id);
    if (!p?.risks.length || !key || this.warned.has(key) || this.deps.memento.get<string[]>(MUTED_KEY, []).includes(key)) return;
    this.warned.add(key);
    const name = this.deps.config(id)?.name ?? id;
    this.deps.log.warn(`The login of datasource "${name}" can do more than read: ${p.risks.join(', ')}`);
    const script = vscode.l10n.t('Create Read-Only Login Script');
    const mute = vscode.l10n.t("Don't Warn Again");
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('The login of {0} can do more than read: {1}. TableTalk only reads, but a read-only login keeps any mistake harmless.', name, risksText(p)),
      script,
      mute,
    );
    if (choice === script) await this.openScript(id);
    if (choice === mute) await this.deps.memento.update(MUTED_KEY, [...this.deps.memento.get<string[]>(MUTED_KEY, []), key]);
  }

  /** Refuses a login that can write when tabletalk.ask.refuseWritableLogins is on (Ask, Run Query, agent tools). */
  async allowQueries(id: string, driver: Driver): Promise<void> {
    // On when any level turns it on: a workspace may ask for it, but cannot turn off a user's choice.
    const setting = vscode.workspace.getConfiguration('tabletalk.ask').inspect<boolean>('refuseWritableLogins');
    if (![setting?.globalValue, setting?.workspaceValue, setting?.workspaceFolderValue].includes(true)) return;
    const p = await this.privileges(driver);
    if (!p) {
      throw new TableTalkError('writable-login', vscode.l10n.t('TableTalk could not check what the login of {0} may do, and tabletalk.ask.refuseWritableLogins is on.', this.deps.config(id)?.name ?? id), {
        hint: vscode.l10n.t('Test the connection (TableTalk: Test Connection) and see the TableTalk log.'),
      });
    }
    if (!p.risks.length) return;
    throw new TableTalkError('writable-login', vscode.l10n.t('TableTalk does not run queries on {0}: its login can do more than read ({1}), and tabletalk.ask.refuseWritableLogins is on.', this.deps.config(id)?.name ?? id, risksText(p)), {
      hint: vscode.l10n.t('Connect with a read-only login: run "TableTalk: Create Read-Only Login Script" on the datasource, then edit the datasource to use that login.'),
    });
  }

  /** Opens the script that creates a read-only login for the datasource, in an unsaved SQL editor. */
  async openScript(id: string): Promise<vscode.TextEditor | undefined> {
    const config = this.deps.config(id);
    if (!config) return undefined;
    const { readOnlyRoleScript, scriptText } = await import('../../core/datasource/read-only-role.js');
    const database = config.database ?? (config.dialect === 'postgres' ? 'postgres' : '');
    const schemas = config.dialect !== 'postgres' ? undefined : config.schemas?.length ? config.schemas : await this.deps.tableSchemas(id);
    const lines = readOnlyRoleScript(config.dialect, { database, schemas, password: randomBytes(18).toString('base64url') });
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: scriptText(lines, (m) => vscode.l10n.t(m.message, ...m.args)) });
    return vscode.window.showTextDocument(doc);
  }
}
