// Side panel: problems, suggestions (one by one or all above a threshold), relationships (type, delete,
// broken ones explained) and tables (add/remove). Everything on the canvas is reachable from here by keyboard.
import { useEffect, useRef, useState } from 'preact/hooks';
import { memo } from 'preact/compat';
import {
  RELATIONSHIP_LABELS,
  RELATIONSHIP_TYPES,
  type CanvasMethods,
  type CanvasRelationship,
  type CanvasState,
  type RelationshipType,
} from '../../src/protocol/canvas';
import { originLabel, t, typeLabel } from './strings';

export type Call = <M extends keyof CanvasMethods>(method: M, params: CanvasMethods[M]['params']) => Promise<CanvasMethods[M]['result'] | undefined>;

/** Long lists render this many entries, then a "Show more" button (a 1,000-table model stays responsive). */
const PAGE = 40;

interface Props {
  filter: string;
  state: CanvasState;
  threshold: number;
  onThreshold(v: number): void;
  selected: string | null;
  onSelect(id: string | null): void;
  call: Call;
}

const ends = (r: CanvasRelationship) => `${r.source}.${r.sourceColumns.join(', ')} → ${r.target}.${r.targetColumns.join(', ')}`;

function Evidence({ r }: { r: CanvasRelationship }) {
  return (
    <details class="tt-evidence">
      <summary>{t('why', r.evidence.length)}</summary>
      <ul>
        {r.evidence.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
    </details>
  );
}

function touches(r: CanvasRelationship, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  return !f || [r.source, r.target, ...r.sourceColumns, ...r.targetColumns].some((x) => x.toLowerCase().includes(f));
}

function More({ total, shown, onMore }: { total: number; shown: number; onMore(): void }) {
  if (total <= shown) return null;
  return (
    <li class="tt-empty">
      <button class="tt-link" onClick={onMore}>
        {t('showMore', Math.min(PAGE, total - shown), total - shown)}
      </button>
    </li>
  );
}

function PanelView({ filter, state, threshold, onThreshold, selected, onSelect, call }: Props) {
  const ro = state.readOnly;
  const shown = state.suggestions.filter((s) => s.confidence >= threshold);
  const listedSuggestions = shown.filter((s) => touches(s, filter));
  const listedRelationships = state.relationships.filter((r) => touches(r, filter) || r.broken);
  const [suggestionLimit, setSuggestionLimit] = useState(PAGE);
  const [relationshipLimit, setRelationshipLimit] = useState(PAGE);
  const [toAdd, setToAdd] = useState('');
  const listRef = useRef<HTMLDivElement>(null);

  // Clicking an edge brings its entry into view.
  useEffect(() => {
    if (!selected) return;
    const el = listRef.current?.querySelector(`[data-entry="${CSS.escape(selected)}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <aside class="tt-panel" aria-label={t('modelPanel')} ref={listRef}>
      {state.problems.length > 0 && (
        <section class="tt-section" aria-label={t('problems')}>
          <h2>{t('problems')}</h2>
          <ul class="tt-problems">
            {state.problems.map((p) => (
              <li key={p.message} class={`tt-problem tt-problem-${p.severity}`} role={p.severity === 'error' ? 'alert' : undefined}>
                {p.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section class="tt-section" aria-label={t('suggestions')}>
        <h2>
          {t('suggestions')} <vscode-badge variant="counter">{shown.length}</vscode-badge>
        </h2>
        <div class="tt-row">
          <label for="tt-threshold">{t('minimumConfidence')}</label>
          <input
            id="tt-threshold"
            class="tt-number"
            type="number"
            min="0"
            max="1"
            step="0.05"
            value={threshold}
            onInput={(e) => {
              const v = Number((e.target as HTMLInputElement).value);
              if (Number.isFinite(v) && v >= 0 && v <= 1) onThreshold(v);
            }}
          />
        </div>
        <div class="tt-row">
          <vscode-button disabled={ro || !shown.length} onClick={() => void call('acceptSuggestions', { minConfidence: threshold })}>
            {t('acceptAllAbove', threshold.toFixed(2))}
          </vscode-button>
          <vscode-button secondary disabled={ro || !shown.length} onClick={() => void call('rejectSuggestions', { minConfidence: threshold })}>
            {t('rejectAllAbove', threshold.toFixed(2))}
          </vscode-button>
        </div>
        <ul class="tt-list">
          {listedSuggestions.slice(0, suggestionLimit).map((s) => {
            const edgeId = `suggestion:${s.id}`;
            return (
              <li key={s.id} data-entry={edgeId} data-suggestion={s.id} class={`tt-entry${selected === edgeId ? ' tt-entry-selected' : ''}`}>
                <button class="tt-link" onClick={() => onSelect(edgeId)} title={t('showOnCanvas')}>
                  {ends(s)}
                </button>
                <span class="tt-meta">
                  {RELATIONSHIP_LABELS[s.type]} · {s.confidence.toFixed(2)} · {originLabel(s.origin)}
                  {s.via ? t('via', s.via) : ''}
                </span>
                <Evidence r={s} />
                <div class="tt-row">
                  <vscode-button disabled={ro} onClick={() => void call('acceptSuggestions', { ids: [s.id] })} aria-label={t('acceptId', s.id)}>
                    {t('accept')}
                  </vscode-button>
                  <vscode-button secondary disabled={ro} onClick={() => void call('rejectSuggestions', { ids: [s.id] })} aria-label={t('rejectId', s.id)}>
                    {t('reject')}
                  </vscode-button>
                </div>
              </li>
            );
          })}
          <More total={listedSuggestions.length} shown={suggestionLimit} onMore={() => setSuggestionLimit((n) => n + PAGE)} />
          {!shown.length && <li class="tt-empty">{state.inferring ? t('inferring') : t('noSuggestion')}</li>}
        </ul>
      </section>

      <section class="tt-section" aria-label={t('relationships')}>
        <h2>
          {t('relationships')} <vscode-badge variant="counter">{state.relationships.length}</vscode-badge>
        </h2>
        <ul class="tt-list">
          {listedRelationships.slice(0, relationshipLimit).map((r) => (
            <li key={r.id} data-entry={r.id} data-relationship={r.id} class={`tt-entry${r.broken ? ' tt-entry-broken' : ''}${selected === r.id ? ' tt-entry-selected' : ''}`}>
              <button class="tt-link" onClick={() => onSelect(r.id)} title={t('showOnCanvas')}>
                {ends(r)}
              </button>
              {r.broken && (
                <span class="tt-broken" role="note">
                  {t('brokenBecause', r.broken)}
                </span>
              )}
              <span class="tt-meta">
                {originLabel(r.origin)}
                {r.origin === 'inferred' ? ` · ${r.confidence.toFixed(2)}` : ''}
              </span>
              <div class="tt-row">
                <select
                  class="tt-select"
                  aria-label={t('typeOf', r.id)}
                  title={r.locked}
                  disabled={ro || !!r.locked}
                  value={r.type}
                  onChange={(e) => void call('updateRelationship', { id: r.id, type: (e.target as HTMLSelectElement).value as RelationshipType })}
                >
                  {RELATIONSHIP_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {RELATIONSHIP_LABELS[t]} ({typeLabel(t)})
                    </option>
                  ))}
                </select>
                <vscode-button secondary disabled={ro || !!r.locked} title={r.locked} onClick={() => void call('deleteRelationship', { id: r.id })} aria-label={t('deleteId', r.id)}>
                  {t('delete')}
                </vscode-button>
              </div>
              {r.evidence.length > 0 && <Evidence r={r} />}
            </li>
          ))}
          <More total={listedRelationships.length} shown={relationshipLimit} onMore={() => setRelationshipLimit((n) => n + PAGE)} />
          {!state.relationships.length && <li class="tt-empty">{t('noRelationships')}</li>}
        </ul>
      </section>

      <section class="tt-section" aria-label={t('tables')}>
        <h2>
          {t('tables')} <vscode-badge variant="counter">{state.tables.length}</vscode-badge>
        </h2>
        <div class="tt-row">
          <select class="tt-select" aria-label={t('tableToAdd')} disabled={ro || !state.available.length} value={toAdd} onChange={(e) => setToAdd((e.target as HTMLSelectElement).value)}>
            <option value="">{state.available.length ? t('addTablePrompt') : t('everyTableAdded')}</option>
            {state.available.map((t) => (
              <option key={t.id} value={t.id}>
                {t.id}
              </option>
            ))}
          </select>
          <vscode-button
            disabled={ro || !toAdd}
            onClick={() => {
              if (toAdd) void call('addTables', { tables: [toAdd] }).then(() => setToAdd(''));
            }}
          >
            {t('add')}
          </vscode-button>
        </div>
      </section>
    </aside>
  );
}

export const Panel = memo(PanelView);
