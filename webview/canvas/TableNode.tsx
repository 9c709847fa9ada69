// One table: header with its name, then one row per column (type, PK/FK/nullable markers) with a handle on
// each side. Memoised: React Flow re-renders only the nodes whose data changed.
import { memo } from 'preact/compat';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { handleId, type TableFlowNode } from './graph';
import { useActions } from './actions';
import { t } from './strings';

function TableNodeView({ data, selected }: NodeProps<TableFlowNode>) {
  const { table } = data;
  const actions = useActions();
  return (
    <div class={`tt-table${selected ? ' tt-selected' : ''}${table.missing ? ' tt-missing' : ''}`} data-table={table.id} title={table.missing}>
      <div class="tt-table-header">
        <Handle type="target" position={Position.Left} id={handleId('l', null)} class="tt-handle tt-handle-table" isConnectable={false} />
        <span class="tt-table-name">{table.id}</span>
        {table.missing && <span class="tt-badge tt-badge-error" title={table.missing}>{t('missing')}</span>}
        {!actions.readOnly && (
          <button class="tt-icon-button nodrag" title={t('removeTable', table.id)} aria-label={t('removeTable', table.id)} onClick={() => actions.removeTable(table.id)}>
            ×
          </button>
        )}
        <Handle type="source" position={Position.Right} id={handleId('r', null)} class="tt-handle tt-handle-table" isConnectable={false} />
      </div>
      {table.comment && <div class="tt-table-comment" title={table.comment}>{table.comment}</div>}
      <ul class="tt-columns">
        {table.columns.map((c) => (
          <li class="tt-column" key={c.name} data-column={c.name} title={c.comment}>
            <Handle type="target" position={Position.Left} id={handleId('l', c.name)} class="tt-handle" title={t('connectColumn', `${table.id}.${c.name}`)} />
            <span class="tt-keys">
              {c.primaryKey && <abbr class="tt-pk" title={t('primaryKey')}>PK</abbr>}
              {c.foreignKey && <abbr class="tt-fk" title={t('foreignKey')}>FK</abbr>}
            </span>
            <span class="tt-column-name">{c.name}</span>
            {c.comment && <span class="tt-column-comment">{c.comment}</span>}
            <span class="tt-column-type">
              {c.type}
              {c.nullable ? <abbr class="tt-nullable" title={t('nullable')}>?</abbr> : null}
            </span>
            <Handle type="source" position={Position.Right} id={handleId('r', c.name)} class="tt-handle" title={t('connectColumn', `${table.id}.${c.name}`)} />
          </li>
        ))}
      </ul>
    </div>
  );
}

export const TableNode = memo(TableNodeView);
