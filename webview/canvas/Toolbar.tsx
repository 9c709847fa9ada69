// Top bar: search, layout, fit, undo/redo, export, refresh suggestions; plus the dataset's status badges.
import type { CanvasState } from '../../src/protocol/canvas';
import { matchesFilter } from './graph';
import { t } from './strings';

interface Props {
  state: CanvasState;
  filter: string;
  onFilter(v: string): void;
  onFocusFirst(): void;
  layingOut: boolean;
  onLayout(): void;
  onFit(): void;
  onUndo(): void;
  onRedo(): void;
  onExport(format: 'png' | 'svg'): void;
  onRefresh(): void;
}

export function Toolbar(p: Props) {
  const ro = p.state.readOnly;
  return (
    <div class="tt-toolbar" role="toolbar" aria-label={t('canvasActions')}>
      <span class="tt-title" title={t('datasourceTitle', p.state.dataset.datasource)}>
        {p.state.dataset.name}
      </span>
      {p.state.needsRetraining && (
        <span class="tt-badge tt-badge-warning" title={t('needsRetrainingTitle')}>
          {t('needsRetraining')}
        </span>
      )}
      {ro && <span class="tt-badge tt-badge-error">{t('readOnlyInvalid')}</span>}
      {p.state.inferring && <span class="tt-badge">{t('inferringRelationships')}</span>}
      <vscode-textfield
        class="tt-search"
        placeholder={t('filterTables')}
        aria-label={t('filterTables')}
        value={p.filter}
        onInput={(e: Event) => p.onFilter((e.target as HTMLInputElement).value)}
        onKeyDown={(e: KeyboardEvent) => e.key === 'Enter' && p.onFocusFirst()}
      />
      {p.filter.trim() && (
        <span class="tt-filter-count" role="status">
          {t('filterCount', p.state.tables.filter((tb) => matchesFilter(tb, p.filter)).length, p.state.tables.length)}
        </span>
      )}
      <vscode-button secondary disabled={ro || p.layingOut} onClick={p.onLayout} title={t('autoLayoutTitle')}>
        {p.layingOut ? t('layingOut') : t('autoLayout')}
      </vscode-button>
      <vscode-button secondary onClick={p.onFit} title={t('fitViewTitle')}>
        {t('fitView')}
      </vscode-button>
      <vscode-button secondary disabled={ro || !p.state.history.canUndo} onClick={p.onUndo} title={t('undoTitle')}>
        {t('undo')}
      </vscode-button>
      <vscode-button secondary disabled={ro || !p.state.history.canRedo} onClick={p.onRedo} title={t('redoTitle')}>
        {t('redo')}
      </vscode-button>
      <vscode-button secondary disabled={p.state.inferring} onClick={p.onRefresh} title={t('refreshSuggestionsTitle')}>
        {t('refreshSuggestions')}
      </vscode-button>
      <vscode-button secondary onClick={() => p.onExport('png')} title={t('exportPngTitle')}>
        {t('exportPng')}
      </vscode-button>
      <vscode-button secondary onClick={() => p.onExport('svg')} title={t('exportSvgTitle')}>
        {t('exportSvg')}
      </vscode-button>
    </div>
  );
}
