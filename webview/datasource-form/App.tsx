// The Add/Edit Datasource form. Plain HTML controls, each with its <label for> and its message tied by
// aria-describedby, so Tab reaches everything, Enter submits (the form's implicit submission) and screen readers
// read the message next to the field. Secrets stay in this page's memory until Test or Save sends them.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  emptyFields,
  defaultPorts,
  looksLikeUrl,
  splitUrlPassword,
  suggestedName,
  validateFields,
  type BrowseWhat,
  type FieldName,
  type FormFields,
  type FormHostToWebview,
  type FormMethods,
  type FormState,
  type FormTarget,
} from '../../src/protocol/datasource-form';
import { connectToHost } from '../shared/host-connection';
import { vscodeApi } from '../shared/vscode-api';
import { t, type FormStringKey } from './strings';

const host = connectToHost<FormMethods, FormHostToWebview>();

/** What survives the webview being hidden and shown again: never a secret. */
interface Saved {
  fields: FormFields;
  target: FormTarget;
  nameEdited: boolean;
}

type Status = { kind: 'busy'; text: string } | { kind: 'ok'; text: string } | { kind: 'error'; text: string } | null;

const labels: Partial<Record<FieldName, FormStringKey>> = {
  name: 'name', file: 'file', host: 'host', port: 'port', database: 'database', user: 'user', caFile: 'caFile', certFile: 'certFile',
  keyFile: 'keyFile', sshHost: 'sshHost', sshPort: 'sshPort', sshUser: 'sshUser', sshKeyFile: 'sshKeyFile',
};

export function App() {
  const [state, setState] = useState<FormState | null>(null);
  const [fields, setFields] = useState<FormFields>(emptyFields());
  const [nameEdited, setNameEdited] = useState(false);
  const [target, setTarget] = useState<FormTarget>('user');
  const [password, setPassword] = useState('');
  const [sshSecret, setSshSecret] = useState('');
  const [url, setUrl] = useState('');
  const [urlStatus, setUrlStatus] = useState<Status>(null);
  const [touched, setTouched] = useState<Set<FieldName>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const urlSeq = useRef(0);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const off = host.onMessage((m) => {
      if (m.type !== 'state') return;
      const saved = vscodeApi<Saved>().getState();
      setState(m.state);
      const f = saved?.fields ?? m.state.fields;
      setFields(f);
      setTarget(saved?.target ?? m.state.target);
      setNameEdited(saved?.nameEdited ?? (m.state.mode === 'edit' || (f.name !== '' && f.name !== suggestedName(f))));
    });
    host.notify({ type: 'ready' });
    return off;
  }, []);

  // Focus starts in the first field once the form is there.
  const loaded = state !== null;
  useEffect(() => {
    if (loaded) formRef.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, [loaded]);

  useEffect(() => {
    if (!state) return;
    vscodeApi<Saved>().setState({ fields, target, nameEdited });
    if (state.mode === 'add') host.notify({ type: 'draft', fields });
  }, [state, fields, target, nameEdited]);

  const problems = useMemo(() => validateFields(fields), [fields]);

  if (!state) return <p class="tt-loading">{t('loading')}</p>;
  const editing = state.mode === 'edit';

  const update = (change: Partial<FormFields>, named = nameEdited) => {
    setFields((old) => {
      const next = { ...old, ...change };
      if (!named) next.name = suggestedName(next);
      return next;
    });
    setStatus(null);
  };
  const touch = (k: FieldName) => setTouched((s) => (s.has(k) ? s : new Set(s).add(k)));

  const problemText = (k: FieldName): string | undefined => {
    const p = problems[k];
    if (!p || !(showAll || touched.has(k))) return undefined;
    return p === 'required' ? t('problem_required', t(labels[k] ?? 'name')) : p === 'port' ? t('problem_port') : t('problem_certPair');
  };

  const changeDialect = (dialect: FormFields['dialect']) => {
    const was = fields.dialect;
    const change: Partial<FormFields> = { dialect };
    if (dialect !== 'sqlite') {
      if (was === 'sqlite' || !fields.port || fields.port === defaultPorts[was]) change.port = defaultPorts[dialect];
      if (!fields.host) change.host = 'localhost';
      if (dialect === 'postgres' && !fields.database) change.database = 'postgres';
    }
    update(change);
  };

  const onUrl = async (text: string) => {
    setUrl(text);
    const seq = ++urlSeq.current;
    setUrlStatus(null); // an earlier verdict does not describe this text
    if (!looksLikeUrl(text)) return;
    const split = splitUrlPassword(text.trim());
    if (split.error) {
      setUrlStatus({ kind: 'error', text: t('urlPasswordEscape') });
      return;
    }
    const answer = await host.request('parseUrl', { url: split.url });
    if (seq !== urlSeq.current) return; // typed on since
    if (!answer.ok) {
      setUrlStatus({ kind: 'error', text: answer.error });
      return;
    }
    setFields(answer.fields);
    setNameEdited(false);
    if (split.password !== null) {
      // The password moves to its own (masked) field; the URL field keeps the rest, so a screen never shows it.
      setPassword(split.password);
      setUrl(split.url);
    }
    setUrlStatus({ kind: 'ok', text: split.password !== null ? t('urlFilledPassword') : t('urlFilled') });
    setStatus(null);
  };

  const browse = async (what: BrowseWhat) => {
    const answer = await host.request('browse', { what, current: fields[what] }, Infinity);
    if (answer.path) {
      update({ [what]: answer.path });
      touch(what);
    }
  };

  /** Checks every field first; focuses the first one that needs attention. */
  const ready = (): boolean => {
    if (!Object.keys(problems).length) return true;
    setShowAll(true);
    setStatus({ kind: 'error', text: t('fixFields') });
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    return false;
  };

  const secrets = () => ({ password: password || undefined, sshSecret: fields.ssh && fields.sshAuth !== 'agent' ? sshSecret || undefined : undefined });

  const test = async () => {
    if (busy || !ready()) return;
    setBusy(true);
    setStatus({ kind: 'busy', text: t('testing') });
    try {
      const r = await host.request('test', { fields, secrets: secrets() }, Infinity);
      setStatus(r.ok ? { kind: 'ok', text: r.message } : { kind: 'error', text: r.error });
    } catch (err) {
      setStatus({ kind: 'error', text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    if (busy || !ready()) return;
    setBusy(true);
    setStatus({ kind: 'busy', text: t('saving') });
    try {
      const r = await host.request('save', { fields, secrets: secrets(), target }, Infinity);
      // Saved: the host closes the form. Not saved: say why and keep everything typed.
      setStatus(r.saved ? { kind: 'ok', text: t('saving') } : r.error ? { kind: 'error', text: t('notSaved', r.error) } : null);
    } catch (err) {
      setStatus({ kind: 'error', text: t('notSaved', (err as Error).message) });
    } finally {
      setBusy(false);
    }
  };

  const cancel = () => void host.request('cancel', { fields });

  const onKeyDown = (e: JSX.TargetedKeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    } else if (e.key === 'Enter' && (e.target instanceof HTMLSelectElement || (e.target instanceof HTMLInputElement && e.target.type === 'checkbox'))) {
      // Text fields submit by themselves; a select or a checkbox would not.
      e.preventDefault();
      void save();
    }
  };

  const text = (k: FieldName, options: { label: FormStringKey; placeholder?: string; browse?: boolean; hint?: string; type?: string; inputMode?: string } = { label: labels[k] ?? 'name' }) => {
    const id = `tt-${k}`;
    const error = problemText(k);
    const describedBy = [error ? `${id}-error` : '', options.hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div class="tt-field" key={k}>
        <label for={id}>{t(options.label)}</label>
        <div class="tt-control">
          <input
            id={id}
            name={k}
            type={options.type ?? 'text'}
            inputMode={options.inputMode as never}
            value={String(fields[k])}
            placeholder={options.placeholder}
            spellcheck={false}
            autoComplete="off"
            aria-invalid={error ? 'true' : 'false'}
            aria-describedby={describedBy}
            onInput={(e) => {
              if (k === 'name') setNameEdited(true);
              update({ [k]: e.currentTarget.value }, k === 'name' ? true : nameEdited);
              touch(k);
            }}
            onBlur={() => touch(k)}
          />
          {options.browse && (
            <button type="button" class="tt-secondary" aria-label={t('browseFor', t(options.label))} onClick={() => void browse(k as BrowseWhat)}>
              {t('browse')}
            </button>
          )}
        </div>
        {options.hint && <div id={`${id}-hint`} class="tt-hint">{options.hint}</div>}
        {error && <div id={`${id}-error`} class="tt-error" role="alert">{error}</div>}
      </div>
    );
  };

  const secret = (id: string, label: FormStringKey, value: string, set: (v: string) => void, placeholder: string, note?: string) => (
    <div class="tt-field">
      <label for={id}>{t(label)}</label>
      <div class="tt-control">
        <input id={id} type="password" value={value} placeholder={placeholder} autoComplete="new-password" aria-describedby={note ? `${id}-hint` : undefined} onInput={(e) => set(e.currentTarget.value)} />
      </div>
      {note && <div id={`${id}-hint`} class="tt-hint">{note}</div>}
    </div>
  );

  const select = <V extends string>(id: string, label: FormStringKey, value: V, options: [V, string][], onChange: (v: V) => void) => (
    <div class="tt-field">
      <label for={id}>{t(label)}</label>
      <div class="tt-control">
        <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value as V)}>
          {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
      </div>
    </div>
  );

  const f = fields;
  const network = f.dialect !== 'sqlite';
  return (
    <form ref={formRef} class="tt-form" noValidate aria-labelledby="tt-title" onSubmit={(e) => { e.preventDefault(); void save(); }} onKeyDown={onKeyDown}>
      <h1 id="tt-title">{editing ? `${t('titleEdit')}: ${f.name}` : t('titleAdd')}</h1>
      <p class="tt-intro">{t('intro')} {t('keys')}</p>
      {state.resumed && (
        <div class="tt-notice" role="status">
          {t('resumed')}{' '}
          <button type="button" class="tt-secondary" onClick={() => { setFields(emptyFields()); setNameEdited(false); setPassword(''); setSshSecret(''); setTouched(new Set()); setShowAll(false); setState({ ...state, resumed: false }); }}>
            {t('startOver')}
          </button>
        </div>
      )}
      {!editing && (
        <div class="tt-field tt-url">
          <label for="tt-url">{t('url')}</label>
          <div class="tt-control">
            <input id="tt-url" type="text" value={url} placeholder={t('urlPlaceholder')} spellcheck={false} autoComplete="off" aria-describedby="tt-url-status" aria-invalid={urlStatus?.kind === 'error' ? 'true' : 'false'} onInput={(e) => void onUrl(e.currentTarget.value)} />
          </div>
          <div id="tt-url-status" class={urlStatus?.kind === 'error' ? 'tt-error' : 'tt-hint'} role={urlStatus?.kind === 'error' ? 'alert' : 'status'}>{urlStatus?.text ?? ''}</div>
        </div>
      )}
      {select('tt-dialect', 'dialect', f.dialect, [['postgres', 'PostgreSQL'], ['mysql', 'MySQL / MariaDB'], ['sqlite', 'SQLite']], changeDialect)}
      {text('name', { label: 'name', hint: t('nameHint') })}
      {!network && text('file', { label: 'file', placeholder: t('filePlaceholder'), browse: true })}
      {network && (
        <>
          <div class="tt-pair">
            {text('host', { label: 'host' })}
            {text('port', { label: 'port', inputMode: 'numeric' })}
          </div>
          {text('database', { label: 'database' })}
          {text('user', { label: 'user' })}
          {secret('tt-password', 'password', password, setPassword, editing && state.hasPassword ? t('passwordUnchanged') : t('passwordPlaceholder'), t('passwordNote'))}
          {select('tt-sslMode', 'tls', f.sslMode, (['disable', 'prefer', 'require', 'verify-full'] as const).map((m) => [m, t(`ssl_${m}`)]), (sslMode) => update({ sslMode }))}
          {f.sslMode === 'verify-full' && text('caFile', { label: 'caFile', placeholder: t('caFilePlaceholder'), browse: true })}
          {f.sslMode !== 'disable' && text('certFile', { label: 'certFile', placeholder: t('clientCertPlaceholder'), browse: true })}
          {f.sslMode !== 'disable' && text('keyFile', { label: 'keyFile', placeholder: t('clientCertPlaceholder'), browse: true })}
          <fieldset class="tt-ssh">
            <legend>{t('sshSection')}</legend>
            <div class="tt-check">
              <input id="tt-ssh" type="checkbox" checked={f.ssh} aria-describedby="tt-ssh-hint" onChange={(e) => update({ ssh: e.currentTarget.checked })} />
              <label for="tt-ssh">{t('sshUse')}</label>
            </div>
            <div id="tt-ssh-hint" class="tt-hint">{t('sshNote')}</div>
            {f.ssh && (
              <>
                <div class="tt-pair">
                  {text('sshHost', { label: 'sshHost' })}
                  {text('sshPort', { label: 'sshPort', inputMode: 'numeric' })}
                </div>
                {text('sshUser', { label: 'sshUser' })}
                {select('tt-sshAuth', 'sshAuth', f.sshAuth, (['key', 'agent', 'password'] as const).map((a) => [a, t(`sshAuth_${a}`)]), (sshAuth) => update({ sshAuth }))}
                {f.sshAuth === 'key' && text('sshKeyFile', { label: 'sshKeyFile', placeholder: '~/.ssh/id_ed25519', browse: true })}
                {f.sshAuth === 'key' && secret('tt-sshSecret', 'sshPassphrase', sshSecret, setSshSecret, editing && state.hasSshSecret ? t('passwordUnchanged') : t('sshPassphrasePlaceholder'))}
                {f.sshAuth === 'password' && secret('tt-sshSecret', 'sshPassword', sshSecret, setSshSecret, editing && state.hasSshSecret ? t('passwordUnchanged') : t('passwordPlaceholder'))}
                {state.trustedHostKey && (
                  <>
                    <div class="tt-hint">{t('sshTrusted', state.trustedHostKey)}</div>
                    <div class="tt-check">
                      <input id="tt-sshRetrust" type="checkbox" checked={f.sshRetrust} onChange={(e) => update({ sshRetrust: e.currentTarget.checked })} />
                      <label for="tt-sshRetrust">{t('sshRetrust')}</label>
                    </div>
                  </>
                )}
              </>
            )}
          </fieldset>
        </>
      )}
      {state.targets.length > 1 && select('tt-target', 'target', target, state.targets.map((x) => [x, t(`target_${x}`)]), setTarget)}
      <div id="tt-status" class={`tt-status tt-status-${status?.kind ?? 'none'}`} role={status?.kind === 'error' ? 'alert' : 'status'} aria-live="polite">
        {status?.text ?? ''}
      </div>
      <div class="tt-buttons">
        <button type="submit" class="tt-primary" disabled={busy}>{t('save')}</button>
        <button type="button" class="tt-secondary" disabled={busy} onClick={() => void test()}>{t('test')}</button>
        <button type="button" class="tt-secondary" onClick={cancel}>{t('cancel')}</button>
      </div>
    </form>
  );
}
