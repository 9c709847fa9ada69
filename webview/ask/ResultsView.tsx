// The result of a run: a filter, the table or a chart (chosen from the result's shape, switchable), copy and export.
// Sorting and filtering happen here; the host, which holds the rows, repeats the same order (shownOrder) when it
// copies or exports, so a file has exactly the rows the user sees.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { cellText, shownOrder, type AskAnswer, type AskMethods, type ExportFormat, type SortSpec } from '../../src/protocol/ask';
import { chartImage, ChartView } from './ChartView';
import { chartShape, type ChartKind } from './chart-shape';
import { ResultTable, type Selection } from './ResultTable';
import { formatNumber } from '../shared/l10n';
import { t } from './strings';

type Call = <M extends keyof AskMethods>(method: M, params: AskMethods[M]['params'], timeoutMs?: number) => Promise<AskMethods[M]['result'] | undefined>;

const exportButtons: { format: ExportFormat; label: Parameters<typeof t>[0]; title: Parameters<typeof t>[0] }[] = [
  { format: 'csv', label: 'exportCsv', title: 'exportCsvTitle' },
  { format: 'csvExcel', label: 'exportCsvExcel', title: 'exportCsvExcelTitle' },
  { format: 'json', label: 'exportJson', title: 'exportJsonTitle' },
  { format: 'xml', label: 'exportXml', title: 'exportXmlTitle' },
];

export interface ResultsViewProps {
  answer: AskAnswer;
  sort: SortSpec | null;
  setSort: (s: SortSpec | null) => void;
  call: Call;
  notify: (severity: 'info' | 'warning' | 'error', message: string) => void;
}

export function ResultsView({ answer: a, sort, setSort, call, notify }: ResultsViewProps) {
  const [filter, setFilter] = useState('');
  const [selection, setSelection] = useState<Selection | null>(null);
  const shape = useMemo(() => chartShape(a.columns, a.rows), [a.columns, a.rows]);
  const [view, setView] = useState<'table' | ChartKind>('table');
  const chartBox = useRef<HTMLDivElement>(null);
  const order = useMemo(() => shownOrder(a.rows, sort, filter), [a.rows, sort, filter]);
  useEffect(() => {
    setFilter('');
    setSelection(null);
    setView('table');
  }, [a.id]);
  useEffect(() => setSelection(null), [sort, filter]);

  const copyCsv = async () => {
    const r = await call('copyCsv', { sort, filter });
    if (r) notify('info', t(r.rows === 1 ? 'copiedOne' : 'copiedMany', r.rows));
  };
  const copy = async (what: 'cell' | 'rows') => {
    if (!selection) return;
    if (what === 'cell') {
      const v = a.rows[order[selection.focus]]?.[selection.column] ?? null;
      if ((await call('copyText', { text: cellText(v) || ' ' })) !== undefined) notify('info', t('copiedCell'));
      return;
    }
    const lo = Math.min(selection.anchor, selection.focus);
    const hi = Math.max(selection.anchor, selection.focus);
    const lines = [a.columns.join('\t')];
    for (let p = lo; p <= hi; p++) lines.push(a.rows[order[p]].map((v) => cellText(v).replace(/[\t\r\n]+/g, ' ')).join('\t'));
    if ((await call('copyText', { text: lines.join('\n') })) === undefined) return;
    notify('info', t(hi - lo + 1 === 1 ? 'copiedRowsOne' : 'copiedRowsMany', hi - lo + 1));
  };
  const exportAs = async (format: ExportFormat) => {
    // The host shows a save dialog: the user may take any time.
    const r = await call('exportResult', { format, sort, filter }, Infinity);
    if (r?.path) notify('info', t(r.rows === 1 ? 'exportedOne' : 'exportedMany', r.rows.toLocaleString('en-US'), r.path));
  };
  const saveChart = async (format: 'png' | 'svg') => {
    const svg = chartBox.current?.querySelector('svg');
    if (!svg) return;
    try {
      const r = await call('saveChart', { format, dataUrl: await chartImage(svg, format) }, Infinity);
      if (r?.path) notify('info', t('savedImage', r.path));
    } catch (e) {
      notify('error', (e as Error).message);
    }
  };

  const focused = selection ? (a.rows[order[selection.focus]]?.[selection.column] ?? null) : undefined;
  const rowsLabel = t(a.rows.length === 1 ? 'rowsOne' : 'rowsMany', a.rows.length.toLocaleString('en-US'));

  return (
    <section class="tt-section tt-results" aria-labelledby="tt-results-title">
      <h2 id="tt-results-title">
        {t('results')} <vscode-badge>{a.rows.length}</vscode-badge>
      </h2>
      {a.truncated && (
        <div class="tt-banner tt-warning tt-limited" role="status">
          {t('resultsLimited', formatNumber(a.rowLimit))}
        </div>
      )}
      <div class="tt-row">
        <span class="tt-meta">
          {rowsLabel}
          {a.ms !== null ? t('durationMs', formatNumber(a.ms)) : ''}
          {sort ? t('sortedBy', a.columns[sort.column], t(sort.direction)) : ''}
        </span>
      </div>
      {a.columns.length > 0 ? (
        <>
          <div class="tt-row tt-result-tools">
            <div class="tt-switch" role="group" aria-label={t('viewTable')}>
              <vscode-button secondary={view !== 'table'} aria-pressed={view === 'table'} onClick={() => setView('table')}>
                {t('viewTable')}
              </vscode-button>
              <vscode-button
                secondary={view === 'table'}
                aria-pressed={view !== 'table'}
                disabled={!shape}
                title={shape ? undefined : t('noChart')}
                onClick={() => shape && setView(view === 'table' ? shape.preferred : view)}
              >
                {t('viewChart')}
              </vscode-button>
            </div>
            <input
              type="search"
              class="tt-filter"
              aria-label={t('filterRows')}
              placeholder={t('filterPlaceholder')}
              value={filter}
              onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
            />
            {filter.trim() && <span class="tt-meta tt-filter-count">{t('shownOf', order.length.toLocaleString('en-US'), a.rows.length.toLocaleString('en-US'))}</span>}
          </div>
          <div class="tt-row tt-result-tools">
            <vscode-button secondary onClick={() => void copyCsv()}>
              {t('copyCsv')}
            </vscode-button>
            <vscode-button secondary disabled={!selection} onClick={() => void copy('cell')}>
              {t('copyCell')}
            </vscode-button>
            <vscode-button secondary disabled={!selection} onClick={() => void copy('rows')}>
              {t('copyRows')}
            </vscode-button>
            <span class="tt-meta">{t('exportLabel')}</span>
            {exportButtons.map((b) => (
              <vscode-button key={b.format} secondary data-export={b.format} title={t(b.title)} onClick={() => void exportAs(b.format)}>
                {t(b.label)}
              </vscode-button>
            ))}
          </div>
          {view === 'table' ? (
            <>
              <ResultTable columns={a.columns} rows={a.rows} order={order} sort={sort} onSort={setSort} selection={selection} onSelect={setSelection} onCopy={(w) => void copy(w)} />
              {filter.trim() && !order.length && <p class="tt-meta">{t('noRowsMatch', filter.trim())}</p>}
              {focused !== undefined && selection && (
                <div class="tt-cell-detail" aria-live="polite">
                  <span class="tt-meta">{t('cellDetail', a.columns[selection.column])}</span>
                  <pre class="tt-code">{focused === null ? 'NULL' : cellText(focused).slice(0, 100_000)}</pre>
                </div>
              )}
            </>
          ) : (
            shape && (
              <div ref={chartBox}>
                <div class="tt-row">
                  <div class="tt-switch" role="group" aria-label={t('viewChart')}>
                    <vscode-button secondary={view !== 'bar'} aria-pressed={view === 'bar'} onClick={() => setView('bar')}>
                      {t('chartBar')}
                    </vscode-button>
                    <vscode-button secondary={view !== 'line'} aria-pressed={view === 'line'} onClick={() => setView('line')}>
                      {t('chartLine')}
                    </vscode-button>
                  </div>
                  <vscode-button secondary onClick={() => void saveChart('png')}>
                    {t('savePng')}
                  </vscode-button>
                  <vscode-button secondary onClick={() => void saveChart('svg')}>
                    {t('saveSvg')}
                  </vscode-button>
                </div>
                <ChartView columns={a.columns} rows={a.rows} order={order} shape={shape} kind={view} />
              </div>
            )
          )}
        </>
      ) : (
        <p class="tt-meta">{t('noColumns')}</p>
      )}
    </section>
  );
}
