// The result rows as a table; a click (or Enter/Space) on a header sorts by that column, ascending then descending.
import { useMemo } from 'preact/hooks';
import { sortedOrder, type Cell, type SortSpec } from '../../src/protocol/ask';
import { t } from './strings';

function show(value: Cell) {
  if (value === null) return <span class="tt-null">NULL</span>;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

export function ResultTable(props: { columns: string[]; rows: Cell[][]; sort: SortSpec | null; onSort: (sort: SortSpec | null) => void }) {
  const { columns, rows, sort, onSort } = props;
  const order = useMemo(() => sortedOrder(rows, sort), [rows, sort]);
  const numeric = useMemo(() => columns.map((_, c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === 'number')), [columns, rows]);
  const toggle = (column: number) => {
    if (sort?.column !== column) onSort({ column, direction: 'ascending' });
    else onSort(sort.direction === 'ascending' ? { column, direction: 'descending' } : null);
  };
  return (
    <div class="tt-table-wrap">
      <table class="tt-table" aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
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
          {order.map((r) => (
            <tr key={r}>
              {rows[r].map((v, c) => (
                <td key={c} class={numeric[c] ? 'tt-num' : undefined}>
                  {show(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
