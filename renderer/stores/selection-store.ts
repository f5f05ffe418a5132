import { createStore } from 'zustand/vanilla';
import {
  clickSelect,
  moveSelect,
  NO_SELECTION,
  pruneSelection,
  type Selection,
  selectAll,
} from '../features/queue/selection.js';

/**
 * The queue's selection, shared by the list, the toolbar, the context menu and the details pane.
 * `order` is the list as shown (after sort, filter and search): ranges and arrows follow it.
 */
export interface SelectionState {
  selection: Selection;
  click(order: readonly string[], id: string, modifiers: { shift?: boolean; toggle?: boolean }): void;
  move(order: readonly string[], delta: number, extend: boolean): void;
  selectAll(order: readonly string[]): void;
  /** Replace the selection (e.g. the ids the user just added). */
  select(ids: readonly string[], focus?: string): void;
  clear(): void;
  /** Drop ids that are no longer listed (removed jobs, a filter that hides them). */
  prune(listed: ReadonlySet<string>): void;
}

export function createSelectionStore() {
  return createStore<SelectionState>()((set, get) => ({
    selection: NO_SELECTION,
    click: (order, id, modifiers) => set({ selection: clickSelect(get().selection, order, id, modifiers) }),
    move: (order, delta, extend) => set({ selection: moveSelect(get().selection, order, delta, extend) }),
    selectAll: (order) => set({ selection: selectAll(order, get().selection) }),
    select: (ids, focus) => {
      const last = focus ?? ids[ids.length - 1];
      set({ selection: { ids: new Set(ids), anchor: ids[0], focus: last } });
    },
    clear: () => set({ selection: NO_SELECTION }),
    prune: (listed) => {
      const current = get().selection;
      const next = pruneSelection(current, listed);
      if (next !== current) set({ selection: next });
    },
  }));
}

export type SelectionStore = ReturnType<typeof createSelectionStore>;
