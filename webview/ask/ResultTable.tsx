// The result rows as a virtualised table: only the rows in view (plus a margin) are in the DOM, between two spacer
// rows that keep the scroll height, so 100,000 rows scroll like 100. Rows have one fixed height (long values are
// cut with an ellipsis; the selected cell's whole value shows below the table). A click on a header sorts by that
// column (ascending, descending, off); a click on a cell selects it, Shift+click or Shift+arrows select rows;
// Ctrl/Cmd+C copies the cell or the selected rows.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { cellText, type Cell, type SortSpec } from '../../src/protocol/ask';
import { t } from './strings';

export const ROW_HEIGHT = 24;
const OVERSCAN = 12;
const MAX_SHOWN_CHARS = 300;
const BINARY = /^0x[0-9a-f]*(… \(\d+ bytes\))?$/;

function show(value: Cell) {
  if (value === null) return <span class="tt-null">NULL</span>;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string' && BINARY.test(value)) return <span class="tt-binary" title={t('bytes')}>{value}</span>;
  const s = String(value);
  return s.length > MAX_SHOWN_CHARS ? `${s.slice(0, MAX_SHOWN_CHARS)}…` : s;
}

/** Column widths in `ch` from the header and the first rows, so widths do not jump while scrolling. */
function columnWidths(columns: string[], rows: Cell[][], order: number[]): number[] {
  const sample = order.slice(0, 500);
  return columns.map((c, k) => {
    let w = c.length + 3;
    for (const i of sample) w = Math.max(w, Math.min(48, cellText(rows[i][k] ?? null).length + 2));
    return Math.max(6, Math.min(50, w));
  });
}

export interface Selection {
  /** Positions in the shown order. */
  anchor: number;
  focus: number;
  column: number;
}

export interface ResultTableProps {
  columns: string[];
  rows: Cell[][];
  /** Row indexes in the order shown (sorted and filtered by the parent). */
  order: number[];
  sort: SortSpec | null;
  onSort: (sort: SortSpec | null) => void;
  selection: Selection | null;
  onSelect: (s: Selection | null) => void;
  onCopy: (what: 'cell' | 'rows') => void;
}

export function ResultTable(props: ResultTableProps) {
  const { columns, rows, order, sort, onSort, selection, onSelect, onCopy } = props;
  const wrap = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(600);
  const numeric = useMemo(() => columns.map((_, c) => rows.length > 0 && rows.slice(0, 1000).every((r) => r[c] === null || typeof r[c] === 'number')), [columns, rows]);
  const widths = useMemo(() => columnWidths(columns, rows, order), [columns, rows]);

  useLayoutEffect(() => {
    const el = wrap.current;
    if (!el) return;
    setHeight(el.clientHeight || 600);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // A new result, sort or filter starts at the top.
  useEffect(() => {
    if (wrap.current) wrap.current.scrollTop = 0;
    setTop(0);
  }, [order]);

  const frame = useRef(0);
  const onScroll = () => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setTop(wrap.current?.scrollTop ?? 0);
    });
  };

  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(order.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
  const toggle = (column: number) => {
    if (sort?.column !== column) onSort({ column, direction: 'ascending' });
    else onSort(sort.direction === 'ascending' ? { column, direction: 'descending' } : null);
  };
  const lo = selection ? Math.min(selection.anchor, selection.focus) : -1;
  const hi = selection ? Math.max(selection.anchor, selection.focus) : -1;

  /** Keeps the focused row in view after a keyboard move. */
  const reveal = (pos: number) => {
    const el = wrap.current;
    if (!el) return;
    const headerH = ROW_HEIGHT;
    const y = pos * ROW_HEIGHT;
    if (y < el.scrollTop) el.scrollTop = y;
    else if (y + ROW_HEIGHT > el.scrollTop + el.clientHeight - headerH) el.scrollTop = y + ROW_HEIGHT - el.clientHeight + headerH;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && (e.key === 'c' || e.key === 'C')) {
      if (!selection) return;
      e.preventDefault();
      onCopy(selection.anchor !== selection.focus ? 'rows' : 'cell');
      return;
    }
    if (!order.length) return;
    const page = Math.max(1, Math.floor((wrap.current?.clientHeight ?? 600) / ROW_HEIGHT) - 2);
    const cur = selection ?? { anchor: 0, focus: 0, column: 0 };
    const moves: Record<string, () => Selection> = {
      ArrowDown: () => ({ ...cur, focus: Math.min(order.length - 1, cur.focus + 1) }),
      ArrowUp: () => ({ ...cur, focus: Math.max(0, cur.focus - 1) }),
      PageDown: () => ({ ...cur, focus: Math.min(order.length - 1, cur.focus + page) }),
      PageUp: () => ({ ...cur, focus: Math.max(0, cur.focus - page) }),
      Home: () => ({ ...cur, focus: 0 }),
      End: () => ({ ...cur, focus: order.length - 1 }),
      ArrowRight: () => ({ ...cur, column: Math.min(columns.length - 1, cur.column + 1) }),
      ArrowLeft: () => ({ ...cur, column: Math.max(0, cur.column - 1) }),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    const next = move();
    if (!e.shiftKey) next.anchor = next.focus;
    onSelect(next);
    reveal(next.focus);
  };

  const shown = [];
  for (let pos = first; pos < last; pos++) {
    const r = order[pos];
    const selected = pos >= lo && pos <= hi;
    shown.push(
      <tr key={r} aria-rowindex={pos + 2} aria-selected={selected} class={selected ? 'tt-selected' : undefined} data-row={pos}>
        {rows[r].map((v, c) => (
          <td
            key={c}
            class={[numeric[c] ? 'tt-num' : '', selection && selection.focus === pos && selection.column === c ? 'tt-focus' : ''].join(' ').trim() || undefined}
            onMouseDown={(e) => {
              if (e.button !== 0) return;
              onSelect(e.shiftKey && selection ? { ...selection, focus: pos, column: c } : { anchor: pos, focus: pos, column: c });
            }}
          >
            {show(v)}
          </td>
        ))}
      </tr>,
    );
  }

  return (
    <div class="tt-table-wrap" ref={wrap} onScroll={onScroll} tabIndex={0} onKeyDown={onKeyDown} role="region" aria-label={t('gridLabel')}>
      <table class="tt-table" aria-rowcount={order.length + 1} style={{ width: `${widths.reduce((a, b) => a + b, 0) + columns.length * 2}ch` }}>
        <colgroup>
          {widths.map((w, i) => (
            <col key={i} style={{ width: `${w + 2}ch` }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c, i) => {
              const dir = sort?.column === i ? sort.direction : undefined;
              return (
                <th key={i} scope="col" aria-sort={dir ?? 'none'} class={numeric[i] ? 'tt-num' : undefined}>
                  <button type="button" class="tt-sort" onClick={() => toggle(i)} title={t('sortBy', c)}>
                    {c}
                    <span class="tt-sort-mark" aria-hidden="true">{dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ''}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {first > 0 && (
            <tr class="tt-spacer" aria-hidden="true" style={{ height: `${first * ROW_HEIGHT}px` }}>
              <td colSpan={columns.length} />
            </tr>
          )}
          {shown}
          {last < order.length && (
            <tr class="tt-spacer" aria-hidden="true" style={{ height: `${(order.length - last) * ROW_HEIGHT}px` }}>
              <td colSpan={columns.length} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
