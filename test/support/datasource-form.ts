// Adds a datasource in real VS Code the way a user does: TableTalk: Add Datasource from the palette opens the form
// (a webview, two iframes deep), the fields are typed into it, Test Connection is pressed when asked for, then Save.
// One helper for every UI test that adds a datasource.
import type { Frame, Page } from 'playwright-core';
import { runCommand, webviewFrame } from './journey-workbench';

export interface FormInput {
  /** Pasted into "Paste a URL" first; the fields below then change what it filled. */
  url?: string;
  dialect?: 'postgres' | 'mysql' | 'sqlite';
  name?: string;
  file?: string;
  host?: string;
  port?: string;
  database?: string;
  user?: string;
  password?: string;
  sslMode?: 'disable' | 'prefer' | 'require' | 'verify-full';
  ssh?: { host: string; port?: string; user: string; auth: 'key' | 'agent' | 'password'; keyFile?: string; secret?: string };
  target?: 'user' | 'workspace';
}

/** Runs Add Datasource from the palette and returns the form's frame once it shows (focus in its first field). */
export async function openAddDatasourceForm(page: Page, command = 'TableTalk: Add Datasource'): Promise<Frame> {
  await runCommand(page, command);
  const frame = await webviewFrame(page, 'form.tt-form');
  await frame.waitForFunction(() => document.activeElement?.tagName === 'INPUT' || document.activeElement?.tagName === 'SELECT');
  return frame;
}

/** Types `input` into the open form (each field cleared first). */
export async function fillDatasourceForm(frame: Frame, input: FormInput): Promise<void> {
  if (input.url !== undefined) {
    await frame.locator('#tt-url').fill(input.url);
    await frame.locator('#tt-url-status', { hasText: /\S/ }).waitFor();
    const status = frame.locator('#tt-url-status[role="alert"]');
    if (await status.count()) throw new Error(`the form refused the URL: ${await status.innerText()}`);
  }
  if (input.dialect) await frame.locator('#tt-dialect').selectOption(input.dialect);
  const text = async (id: string, value: string | undefined) => {
    if (value !== undefined) await frame.locator(`#${id}`).fill(value);
  };
  await text('tt-file', input.file);
  await text('tt-host', input.host);
  await text('tt-port', input.port);
  await text('tt-database', input.database);
  await text('tt-user', input.user);
  await text('tt-password', input.password);
  if (input.sslMode) await frame.locator('#tt-sslMode').selectOption(input.sslMode);
  if (input.ssh) {
    await frame.locator('#tt-ssh').check();
    await text('tt-sshHost', input.ssh.host);
    await text('tt-sshPort', input.ssh.port);
    await text('tt-sshUser', input.ssh.user);
    await frame.locator('#tt-sshAuth').selectOption(input.ssh.auth);
    await text('tt-sshKeyFile', input.ssh.keyFile);
    await text('tt-sshSecret', input.ssh.secret);
  }
  // The name last: it follows the database and host (or the file) until typed over.
  await text('tt-name', input.name);
  if (input.target && (await frame.locator('#tt-target').count())) await frame.locator('#tt-target').selectOption(input.target);
}

/** Presses Test Connection and returns what the form says once it is done (success or the error). */
export async function testConnectionInForm(frame: Frame, timeoutMs = 60_000): Promise<{ ok: boolean; text: string }> {
  await frame.getByRole('button', { name: 'Test Connection' }).click();
  const done = frame.locator('#tt-status.tt-status-ok, #tt-status.tt-status-error');
  await done.waitFor({ timeout: timeoutMs });
  return { ok: (await done.getAttribute('class'))?.includes('tt-status-ok') ?? false, text: await done.innerText() };
}

/** Presses Save. The form closes once saved; a modal question (trust a host key, save anyway) is left to the caller. */
export async function saveForm(frame: Frame): Promise<void> {
  await frame.getByRole('button', { name: 'Save' }).click();
}

/** The whole Add: open the form, fill it, Save; waits until the form has closed (saved). */
export async function addDatasourceInForm(page: Page, input: FormInput): Promise<void> {
  const frame = await openAddDatasourceForm(page);
  await fillDatasourceForm(frame, input);
  await saveForm(frame);
  await frame.locator('form.tt-form').waitFor({ state: 'detached', timeout: 60_000 }).catch(async (err: Error) => {
    if (frame.isDetached()) return;
    throw new Error(`the form did not close after Save (${await frame.locator('#tt-status').innerText().catch(() => '?')}): ${err.message}`);
  });
}
