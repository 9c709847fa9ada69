// The Ask panel: a question box; the host's answer with its SQL (editable, runnable again through the same guard),
// the explanation or refusal, the tables and join paths, and the rows (sortable, copyable as CSV). Every action is
// a request to the host; the host's `state` is the single source of what is shown.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AskAction, AskAnswer, AskMethods, AskPanelState, AskReasonKind, AskWebviewState, HostToWebview, SortSpec } from '../../src/protocol/ask';
import { connectToHost } from '../shared/host-connection';
import { vscodeApi } from '../shared/vscode-api';
import { ContextView } from './ContextView';
import { ResultsView } from './ResultsView';
import { t } from './strings';

const host = connectToHost<AskMethods, HostToWebview>();
const dialectName = { sqlite: 'SQLite', postgres: 'PostgreSQL', mysql: 'MySQL/MariaDB' } as const;

interface Notice {
  id: number;
  severity: 'info' | 'warning' | 'error';
  message: string;
}

/** "value, join path": why a retrieved table was chosen, in the page's language; '' when unknown. */
const whyText = (kinds: AskReasonKind[] | undefined) => (kinds ?? []).map((k) => t(`why_${k}`)).join(', ');

/** The example question uses the dataset's own tables (a shop is not asked about artists). */
export function placeholderFor(tables: string[] | undefined): string {
  // Link tables (OrderItem, playlist_track) make odd examples: prefer single-word names.
  const words = (tables ?? []).filter((n) => !/[_\s]|[a-z][A-Z]/.test(n));
  const pick = words.length >= 2 ? words : (tables ?? []);
  if (pick.length >= 2) return t('questionPlaceholderTwo', pick[1], pick[0]);
  if (pick.length === 1) return t('questionPlaceholderOne', pick[0]);
  return t('questionPlaceholder');
}

const isSubmitKey = (e: KeyboardEvent) => e.key === 'Enter' && (e.ctrlKey || e.metaKey);

export function App() {
  const api = vscodeApi<AskWebviewState>();
  const saved = api.getState();
  const [state, setState] = useState<AskPanelState | null>(null);
  const [question, setQuestion] = useState(saved?.draft ?? '');
  const [sql, setSql] = useState(saved?.editedSql ?? '');
  const [editedFor, setEditedFor] = useState<number | undefined>(saved?.editedFor);
  const [sort, setSort] = useState<SortSpec | null>(null);
  const [notices, setNotices] = useState<Notice[]>([]);
  const questionBox = useRef<HTMLTextAreaElement>(null);

  const notify = useCallback((severity: Notice['severity'], message: string) => {
    const id = Date.now() + Math.random();
    setNotices((n) => [...n.slice(-2), { id, severity, message }]);
    setTimeout(() => setNotices((n) => n.filter((x) => x.id !== id)), severity === 'error' ? 15000 : 6000);
  }, []);

  const call = useCallback(
    async <M extends keyof AskMethods>(method: M, params: AskMethods[M]['params'], timeoutMs?: number): Promise<AskMethods[M]['result'] | undefined> => {
      try {
        return await host.request(method, params, timeoutMs);
      } catch (e) {
        notify('error', (e as Error).message);
        return undefined;
      }
    },
    [notify],
  );

  const answerId = useRef<number | undefined>(undefined);
  useEffect(() => {
    const off = host.onMessage((m) => {
      if (m.type === 'state') {
        answerId.current = m.state.answer?.id;
        setState(m.state);
      } else if (m.type === 'notice') notify(m.severity, m.message);
      else if (m.type === 'prefill') {
        setQuestion(m.question);
        setSql(m.sql);
        // The SQL shown is the user's now: the current answer must not replace it.
        setEditedFor(answerId.current ?? -1);
      }
    });
    host.notify({ type: 'ready' });
    return off;
  }, [notify]);

  const answer = state?.answer ?? null;
  // A new answer replaces the editable SQL (unless the user's edits belong to this very answer).
  useEffect(() => {
    if (!answer || editedFor === answer.id) return;
    setSql(answer.sql ?? answer.rejectedSql ?? '');
    setEditedFor(answer.id);
    setSort(null);
    if (!question.trim() && answer.question) setQuestion(answer.question);
  }, [answer?.id]);

  useEffect(() => {
    if (state) api.setState({ dataset: state.dataset.name, draft: question, editedSql: sql, editedFor });
  }, [state?.dataset.name, question, sql, editedFor]);

  if (!state) {
    return (
      <div class="tt-loading" role="status">
        <vscode-progress-ring /> {t('loading')}
      </div>
    );
  }

  const busy = state.busy;
  const ds = state.dataset;
  const ask = () => {
    const q = question.trim();
    if (!q || busy) return;
    void call('ask', { question: q });
  };
  const run = () => {
    if (!sql.trim() || busy) return;
    void call('run', { question: answer?.question ?? question.trim(), sql });
  };
  const save = async () => {
    const q = answer?.question || question.trim();
    if (!q) {
      notify('warning', t('saveNeedsQuestion'));
      questionBox.current?.focus();
      return;
    }
    const r = await call('saveExample', { question: q, sql });
    if (r) notify('info', r.message);
  };
  const action = (a: AskAction) => void call('action', { action: a });
  const edited = !!answer && sql !== (answer.sql ?? answer.rejectedSql ?? '');

  return (
    <main class="tt-app">
      <header class="tt-header">
        <h1>
          {t('askTitle')} <span class="tt-dataset">{ds.name}</span>
        </h1>
        <span class="tt-meta">
          {[ds.datasource, ds.dialect ? dialectName[ds.dialect] : null, state.model.label].filter(Boolean).join(' · ')}
        </span>
      </header>

      {ds.notReady && (
        <div class="tt-banner tt-warning" role="alert">
          <p>{ds.notReady}</p>
          {!ds.trained && !ds.training && ds.dialect && <vscode-button onClick={() => action('trainDataset')}>{t('trainDataset')}</vscode-button>}
        </div>
      )}

      <form
        class="tt-ask"
        onSubmit={(e) => {
          e.preventDefault();
          ask();
        }}
      >
        <label for="tt-question">{t('question')}</label>
        <textarea
          id="tt-question"
          ref={questionBox}
          rows={3}
          value={question}
          placeholder={placeholderFor(ds.tables)}
          onInput={(e) => setQuestion((e.target as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (isSubmitKey(e)) {
              e.preventDefault();
              ask();
            }
          }}
        />
        <div class="tt-row">
          <vscode-button onClick={ask} disabled={!question.trim() || !!busy}>
            {t('ask')}
          </vscode-button>
          {busy && (
            <vscode-button secondary onClick={() => void call('cancel', {})}>
              {t('cancel')}
            </vscode-button>
          )}
          {!state.model.configured && <span class="tt-meta">{t('noModel')}</span>}
        </div>
      </form>

      {busy && (
        <div class="tt-busy" role="status" aria-live="polite">
          <vscode-progress-ring />
          <span>{busy.step}…</span>
        </div>
      )}

      {state.failure && (
        <div class="tt-banner tt-error" role="alert">
          <p class="tt-failure">{state.failure.message}</p>
          {state.failure.hint && <p>{state.failure.hint}</p>}
          {state.failure.action === 'trainDataset' && <vscode-button onClick={() => action('trainDataset')}>{t('trainDataset')}</vscode-button>}
          {state.failure.action === 'configureLlm' && <vscode-button onClick={() => action('configureLlm')}>{t('configureLlm')}</vscode-button>}
        </div>
      )}

      {(answer || sql.trim()) && <AnswerView answer={answer} sql={sql} setSql={setSql} edited={edited} busy={!!busy} sort={sort} setSort={setSort} run={run} save={save} notify={notify} call={call} action={action} />}

      <div class="tt-notices" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} class={`tt-notice tt-${n.severity}`} role={n.severity === 'error' ? 'alert' : 'status'}>
            {n.message}
          </div>
        ))}
      </div>
    </main>
  );
}

interface AnswerProps {
  /** Null after a window reload (the host's answers are not kept): the edited SQL is still shown and runnable. */
  answer: AskAnswer | null;
  sql: string;
  setSql: (s: string) => void;
  edited: boolean;
  busy: boolean;
  sort: SortSpec | null;
  setSort: (s: SortSpec | null) => void;
  run: () => void;
  save: () => void;
  notify: (severity: Notice['severity'], message: string) => void;
  call: <M extends keyof AskMethods>(method: M, params: AskMethods[M]['params'], timeoutMs?: number) => Promise<AskMethods[M]['result'] | undefined>;
  action: (a: AskAction) => void;
}

function AnswerView(p: AnswerProps) {
  const { answer: a } = p;
  const kind = a?.refused ? 'tt-warning' : a?.error ? 'tt-error' : 'tt-info';
  const sqlLabel = t(!a ? 'sql' : a.refused ? 'sqlRefused' : a.error ? 'sqlFailed' : a.origin === 'run' ? 'sqlEdited' : 'sqlGenerated');
  const hasSql = !!(a?.sql ?? a?.rejectedSql) || p.sql.trim().length > 0;
  return (
    <div class="tt-answer">
      {a && (
        <div class={`tt-banner ${kind}`} role={a.refused || a.error ? 'alert' : 'status'}>
          {a.refused && <strong class="tt-label">{t('refused')}</strong>}
          {a.error && <strong class="tt-label">{t('queryFailed')}</strong>}
          <span class="tt-explanation">{a.explanation}</span>
          {a.modelNote && <blockquote class="tt-note">{a.modelNote}</blockquote>}
        </div>
      )}

      {hasSql && (
        <section class="tt-section" aria-labelledby="tt-sql-title">
          <h2 id="tt-sql-title">{sqlLabel}</h2>
          <textarea
            class="tt-sql"
            aria-label="SQL"
            spellcheck={false}
            rows={Math.min(16, Math.max(3, p.sql.split('\n').length + 1))}
            value={p.sql}
            onInput={(e) => p.setSql((e.target as HTMLTextAreaElement).value)}
            onKeyDown={(e) => {
              if (isSubmitKey(e)) {
                e.preventDefault();
                p.run();
              }
            }}
          />
          <div class="tt-row">
            <vscode-button onClick={p.run} disabled={p.busy || !p.sql.trim()} title={t('runTitle')}>
              {t('run')}
            </vscode-button>
            <vscode-button secondary onClick={() => void p.call('openInEditor', { sql: p.sql })} disabled={!p.sql.trim()}>
              {t('openInEditor')}
            </vscode-button>
            <vscode-button secondary onClick={p.save} disabled={p.busy || !p.sql.trim()} title={t('saveAsExampleTitle')}>
              {t('saveAsExample')}
            </vscode-button>
            {p.edited && a && (
              <vscode-button secondary onClick={() => p.setSql(a.sql ?? a.rejectedSql ?? '')}>
                {t('reset')}
              </vscode-button>
            )}
          </div>
        </section>
      )}

      {a?.ran && <ResultsView answer={a} sort={p.sort} setSort={p.setSort} call={p.call} notify={p.notify} />}

      {a && (a.usedTables.length > 0 || a.tables.length > 0 || a.joinPaths.length > 0) && (
        <section class="tt-section" aria-labelledby="tt-tables-title">
          <h2 id="tt-tables-title">{t('tables')}</h2>
          {a.usedTables.length > 0 && (
            <p class="tt-tables-used">
              <span class="tt-meta">{t('usedBySql')}</span>
              {a.usedTables.map((t) => (
                <code key={t} class="tt-chip">{t}</code>
              ))}
            </p>
          )}
          {a.tables.length > 0 && (
            <p class="tt-tables-retrieved">
              <span class="tt-meta">{t('retrievedForQuestion')}</span>
              {a.tables.map((name) => {
                const why = whyText(a.reasons?.find((r) => r.table === name)?.kinds);
                return (
                  <span key={name} class="tt-retrieved" title={why ? t('whyChosen', why) : undefined}>
                    <code class="tt-chip">{name}</code>
                    {why && <span class="tt-why tt-meta"> ({why})</span>}
                  </span>
                );
              })}
            </p>
          )}
          {(a.values?.length ?? 0) > 0 && (
            <p class="tt-values">
              <span class="tt-meta">{t('valuesInQuestion')}</span>
              {a.values?.map((v) => (
                <code key={v} class="tt-chip">{v}</code>
              ))}
            </p>
          )}
          {a.joinPaths.length > 0 && (
            <ul class="tt-joins" aria-label={t('joinPaths')}>
              {a.joinPaths.map((j, i) => (
                <li key={i}>
                  <span>{j.tables.join(' → ')}</span>
                  <span class="tt-meta"> {j.steps.join('; ')}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {a?.context && <ContextView answer={a} context={a.context} onAction={p.action} onUseSql={p.setSql} />}
    </div>
  );
}
