// Top bar: search, layout, fit, undo/redo, export, refresh suggestions; plus the dataset's status badges.
import type { CanvasState } from '../../src/protocol/canvas';

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
    <div class="tt-toolbar" role="toolbar" aria-label="Canvas actions">
      <span class="tt-title" title={`Datasource: ${p.state.dataset.datasource}`}>
        {p.state.dataset.name}
      </span>
      {p.state.needsRetraining && (
        <span class="tt-badge tt-badge-warning" title="The relationships changed since the dataset was last trained: train it again to use them.">
          needs retraining
        </span>
      )}
      {ro && <span class="tt-badge tt-badge-error">read-only: the dataset file is invalid</span>}
      {p.state.inferring && <span class="tt-badge">inferring relationships…</span>}
      <vscode-textfield
        class="tt-search"
        placeholder="Filter tables and columns"
        aria-label="Filter tables and columns"
        value={p.filter}
        onInput={(e: Event) => p.onFilter((e.target as HTMLInputElement).value)}
        onKeyDown={(e: KeyboardEvent) => e.key === 'Enter' && p.onFocusFirst()}
      />
      <vscode-button secondary disabled={ro || p.layingOut} onClick={p.onLayout} title="Lay out the tables, related ones together">
        {p.layingOut ? 'Laying out…' : 'Auto layout'}
      </vscode-button>
      <vscode-button secondary onClick={p.onFit} title="Show every table">
        Fit view
      </vscode-button>
      <vscode-button secondary disabled={ro || !p.state.history.canUndo} onClick={p.onUndo} title="Undo (Ctrl+Z)">
        Undo
      </vscode-button>
      <vscode-button secondary disabled={ro || !p.state.history.canRedo} onClick={p.onRedo} title="Redo (Ctrl+Shift+Z)">
        Redo
      </vscode-button>
      <vscode-button secondary disabled={p.state.inferring} onClick={p.onRefresh} title="Infer relationships again from the database">
        Refresh suggestions
      </vscode-button>
      <vscode-button secondary onClick={() => p.onExport('png')} title="Save the diagram as a PNG image">
        Export PNG
      </vscode-button>
      <vscode-button secondary onClick={() => p.onExport('svg')} title="Save the diagram as an SVG image">
        Export SVG
      </vscode-button>
    </div>
  );
}
