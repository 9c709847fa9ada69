// The Add/Edit Datasource form protocol, imported by the host (src/host/datasources/form-panel.ts) and the webview
// (webview/datasource-form). Handshake: the webview posts `ready`, the host answers with `state` (the fields to
// start from). Intents are requests with ids. Secrets (database password, SSH password or key passphrase) travel
// one way only, webview -> host, inside `test` and `save`; no host message ever carries one: Edit says only whether
// one is stored. A pasted URL is sent to the host without its password (the webview keeps that in its field).
import type { RequestOf } from './rpc';

export const DATASOURCE_FORM_VIEW_TYPE = 'tabletalk.datasourceForm';

export type FormDialect = 'sqlite' | 'postgres' | 'mysql';
export type FormSslMode = 'disable' | 'prefer' | 'require' | 'verify-full';
export type FormSshAuth = 'key' | 'agent' | 'password';
export type FormTarget = 'user' | 'workspace';

/** Everything the form edits except secrets, as text the user typed (ports too, so a half-typed one is kept). */
export interface FormFields {
  dialect: FormDialect;
  name: string;
  /** SQLite: the database file (absolute, or relative to the workspace folder). */
  file: string;
  host: string;
  port: string;
  database: string;
  user: string;
  sslMode: FormSslMode;
  caFile: string;
  certFile: string;
  keyFile: string;
  ssh: boolean;
  sshHost: string;
  sshPort: string;
  sshUser: string;
  sshAuth: FormSshAuth;
  sshKeyFile: string;
  /** Forget the trusted host key fingerprint and ask again on the next connection (the server's key changed). */
  sshRetrust: boolean;
}

export type FieldName = keyof FormFields;

/** Typed into the form; sent with `test` and `save` only. Empty or absent: none (Add) or keep the stored one (Edit). */
export interface FormSecrets {
  password?: string;
  sshSecret?: string;
}

export interface FormState {
  mode: 'add' | 'edit';
  fields: FormFields;
  /** Add with a workspace open: the user picks user or workspace settings. Edit keeps where it is. */
  targets: FormTarget[];
  target: FormTarget;
  /** Edit: a password / SSH secret is stored (the field then says "unchanged"); never the secret itself. */
  hasPassword: boolean;
  hasSshSecret: boolean;
  /** The SSH host key fingerprint trusted for this datasource, shown for information. */
  trustedHostKey: string | null;
  /** Add: the fields are what an earlier Add left when it was cancelled. */
  resumed: boolean;
}

export type TestResult = { ok: true; ms: number; message: string } | { ok: false; error: string };
export type ParseUrlResult = { ok: true; fields: FormFields } | { ok: false; error: string };
export type BrowseWhat = 'file' | 'caFile' | 'certFile' | 'keyFile' | 'sshKeyFile';

export type FormMethods = {
  /** A pasted connection URL, its password taken out by the webview; the host parses it with the drivers' parsers. */
  parseUrl: { params: { url: string }; result: ParseUrlResult };
  /** The host's open dialog; path null: the user cancelled. */
  browse: { params: { what: BrowseWhat; current: string }; result: { path: string | null } };
  /** Connects with what the form holds, saves nothing. */
  test: { params: { fields: FormFields; secrets: FormSecrets }; result: TestResult };
  /**
   * Connects first; one that cannot connect is saved only when the user says so (the host asks). `saved: false`:
   * not saved (the error, if any, is shown in the form); the host closes the form after a save.
   */
  save: { params: { fields: FormFields; secrets: FormSecrets; target: FormTarget }; result: { saved: boolean; error: string | null } };
  /** Closes the form; an Add keeps its fields (never its secrets) for the next Add. */
  cancel: { params: { fields: FormFields }; result: null };
};
export type FormMethod = keyof FormMethods;
export type FormRequest = RequestOf<FormMethods>;

/** `draft`: the fields as they change (never secrets), so an Add whose tab is closed is offered again like a cancelled one. */
export type FormWebviewToHost = { type: 'ready' } | { type: 'error'; message: string } | { type: 'draft'; fields: FormFields } | FormRequest;
export type FormHostToWebview = { type: 'state'; state: FormState };

export const defaultPorts: Record<Exclude<FormDialect, 'sqlite'>, string> = { postgres: '5432', mysql: '3306' };

export function emptyFields(dialect: FormDialect = 'postgres'): FormFields {
  return {
    dialect,
    name: '',
    file: '',
    host: dialect === 'sqlite' ? '' : 'localhost',
    port: dialect === 'sqlite' ? '' : defaultPorts[dialect],
    database: dialect === 'postgres' ? 'postgres' : '',
    user: '',
    sslMode: 'disable',
    caFile: '',
    certFile: '',
    keyFile: '',
    ssh: false,
    sshHost: '',
    sshPort: '22',
    sshUser: '',
    sshAuth: 'key',
    sshKeyFile: '',
    sshRetrust: false,
  };
}

/** The name a datasource gets when the user has not typed one. */
export function suggestedName(f: FormFields): string {
  if (f.dialect === 'sqlite') return (f.file.trim().split(/[\\/]/).pop() ?? '').replace(/\.[^.]+$/, '');
  return f.database.trim() && f.host.trim() ? `${f.database.trim()}@${f.host.trim()}` : '';
}

/** Why a field cannot be used as it is; the webview words it in the display language, the host refuses on it. */
export type FieldProblem = 'required' | 'port' | 'certPair';

const validPort = (v: string) => /^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65535;

/** The fields that cannot be used, with why. Empty: the form can be tested and saved. */
export function validateFields(f: FormFields): Partial<Record<FieldName, FieldProblem>> {
  const out: Partial<Record<FieldName, FieldProblem>> = {};
  const need = (k: FieldName) => {
    if (!String(f[k]).trim()) out[k] = 'required';
  };
  if (!f.name.trim() && !suggestedName(f)) need('name');
  if (f.dialect === 'sqlite') {
    need('file');
    return out;
  }
  need('host');
  if (!validPort(f.port)) out.port = f.port.trim() ? 'port' : 'required';
  need('database');
  need('user');
  if (f.sslMode !== 'disable' && (f.certFile.trim() || f.keyFile.trim()) && !(f.certFile.trim() && f.keyFile.trim())) out[f.certFile.trim() ? 'keyFile' : 'certFile'] = 'certPair';
  if (f.ssh) {
    need('sshHost');
    if (!validPort(f.sshPort)) out.sshPort = f.sshPort.trim() ? 'port' : 'required';
    need('sshUser');
    if (f.sshAuth === 'key') need('sshKeyFile');
  }
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const oneOf = <T extends string>(v: unknown, all: readonly T[]): v is T => typeof v === 'string' && (all as readonly string[]).includes(v);
const textFields: FieldName[] = ['name', 'file', 'host', 'port', 'database', 'user', 'caFile', 'certFile', 'keyFile', 'sshHost', 'sshPort', 'sshUser', 'sshKeyFile'];

export function isFormFields(v: unknown): v is FormFields {
  return (
    isObj(v) &&
    oneOf(v.dialect, ['sqlite', 'postgres', 'mysql'] as const) &&
    oneOf(v.sslMode, ['disable', 'prefer', 'require', 'verify-full'] as const) &&
    oneOf(v.sshAuth, ['key', 'agent', 'password'] as const) &&
    typeof v.ssh === 'boolean' &&
    typeof v.sshRetrust === 'boolean' &&
    textFields.every((k) => typeof v[k] === 'string' && (v[k] as string).length <= 4096)
  );
}

const isSecrets = (v: unknown): v is FormSecrets => isObj(v) && ['password', 'sshSecret'].every((k) => v[k] === undefined || typeof v[k] === 'string');

const paramChecks: { [M in FormMethod]: (p: unknown) => boolean } = {
  parseUrl: (p) => isObj(p) && typeof p.url === 'string' && p.url.length <= 8192,
  browse: (p) => isObj(p) && oneOf(p.what, ['file', 'caFile', 'certFile', 'keyFile', 'sshKeyFile'] as const) && typeof p.current === 'string',
  test: (p) => isObj(p) && isFormFields(p.fields) && isSecrets(p.secrets),
  save: (p) => isObj(p) && isFormFields(p.fields) && isSecrets(p.secrets) && oneOf(p.target, ['user', 'workspace'] as const),
  cancel: (p) => isObj(p) && isFormFields(p.fields),
};

export function parseFormMessage(raw: unknown): { ok: true; message: FormWebviewToHost } | { ok: false; error: string; id?: number } {
  if (!isObj(raw) || typeof raw.type !== 'string') return { ok: false, error: 'a message must be an object with a "type"' };
  if (raw.type === 'ready') return { ok: true, message: { type: 'ready' } };
  if (raw.type === 'error') return { ok: true, message: { type: 'error', message: String(raw.message ?? '').slice(0, 2000) } };
  if (raw.type === 'draft') return isFormFields(raw.fields) ? { ok: true, message: { type: 'draft', fields: raw.fields } } : { ok: false, error: 'invalid draft fields' };
  if (raw.type !== 'request') return { ok: false, error: `unknown message type "${raw.type}"` };
  if (typeof raw.id !== 'number' || !Number.isInteger(raw.id)) return { ok: false, error: 'a request needs a numeric id' };
  const method = raw.method as FormMethod;
  const check = typeof method === 'string' && Object.prototype.hasOwnProperty.call(paramChecks, method) ? paramChecks[method] : undefined;
  if (!check) return { ok: false, id: raw.id, error: `unknown request "${String(raw.method)}"` };
  if (!check(raw.params)) return { ok: false, id: raw.id, error: `invalid parameters for ${method}` };
  return { ok: true, message: { type: 'request', id: raw.id, method, params: raw.params as never } as FormRequest };
}

/**
 * A pasted URL split into the text the host may see (the password taken out) and the password, %-decoded.
 * `password: null` when the URL has none; `error` when its password has a broken %-escape (the password itself is
 * never repeated).
 */
export function splitUrlPassword(text: string): { url: string; password: string | null; error?: 'escape' } {
  const m = /^(\s*[a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(text);
  if (!m) return { url: text, password: null };
  const authority = m[2];
  const at = authority.lastIndexOf('@');
  if (at < 0) return { url: text, password: null };
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { url: text, password: null };
  const url = `${m[1]}${userinfo.slice(0, colon)}${authority.slice(at)}${m[3]}`;
  try {
    return { url, password: decodeURIComponent(userinfo.slice(colon + 1)) };
  } catch {
    return { url, password: null, error: 'escape' };
  }
}

/** True when the text starts like a datasource URL (the URL field's cue to parse it). */
export function looksLikeUrl(text: string): boolean {
  return /^\s*(?:postgres|postgresql|mysql|mariadb|sqlite):/i.test(text);
}
