// Callbacks the memoised nodes and edges need, passed through context so their props stay stable.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export interface CanvasActions {
  removeTable(id: string): void;
  selectRelationship(id: string | null): void;
  accept(id: string): void;
  reject(id: string): void;
  readOnly: boolean;
}

export const ActionsContext = createContext<CanvasActions | null>(null);

export function useActions(): CanvasActions {
  const a = useContext(ActionsContext);
  if (!a) throw new Error('ActionsContext missing');
  return a;
}
