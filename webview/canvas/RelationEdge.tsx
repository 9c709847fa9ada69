// A relationship edge from a source column to a target column: solid when accepted, dashed for suggestions
// (with accept/reject and the evidence as a tooltip), red for broken ones.
import { memo } from 'preact/compat';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { edgeLabel, type RelationFlowEdge } from './graph';
import { useActions } from './actions';
import { originLabel, t } from './strings';

function RelationEdgeView(props: EdgeProps<RelationFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const actions = useActions();
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  if (!data) return null;
  const { relationship: r, kind } = data;
  const tooltip = [r.broken ? t('brokenBecause', r.broken) : null, t('originConfidence', originLabel(r.origin), r.confidence.toFixed(2)), ...r.evidence].filter(Boolean).join('\n');
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={`tt-edge-path tt-edge-path-${kind}${selected ? ' tt-edge-selected' : ''}`} />
      <EdgeLabelRenderer>
        <div
          class={`tt-edge-label tt-edge-label-${kind} nodrag nopan${selected ? ' tt-edge-selected' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          title={tooltip}
          data-edge={r.id}
          onClick={() => actions.selectRelationship(id)}
        >
          <span>{kind === 'broken' ? t('brokenLabel', edgeLabel(r)) : edgeLabel(r)}</span>
          {kind === 'suggestion' && !actions.readOnly && (
            <>
              <button class="tt-icon-button tt-accept" title={t('acceptThisSuggestion')} aria-label={t('acceptId', r.id)} onClick={(e) => { e.stopPropagation(); actions.accept(r.id); }}>✓</button>
              <button class="tt-icon-button tt-reject" title={t('rejectThisSuggestion')} aria-label={t('rejectId', r.id)} onClick={(e) => { e.stopPropagation(); actions.reject(r.id); }}>✗</button>
            </>
          )}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const RelationEdge = memo(RelationEdgeView);
