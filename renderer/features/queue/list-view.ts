import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { Job } from '../../../shared/jobs.js';
import { type AppStores, useJobs, useStores } from '../../stores/app-stores.js';
import { type JobProgress, orderJobs } from '../../stores/jobs-store.js';
import {
  type ListView,
  QUEUE_ORDER,
  type ShownJobs,
  type SortKey,
  type StateFilter,
  showJobs,
} from './shown-jobs.js';

/** How the queue is looked at (sort, state chip, search): the window's own, not main's. */
export interface ListViewState {
  view: ListView;
  /** A header click: a new column sorts ascending, the same one again reverses, a third time back to queue order. */
  sortBy(key: SortKey): void;
  setFilter(filter: StateFilter): void;
  setSearch(search: string): void;
  /** The shown list for these inputs, computed once however many components ask. */
  derive(
    byId: Readonly<Record<string, Job>>,
    view: ListView,
    progress: Readonly<Record<string, JobProgress>>,
  ): ShownJobs;
}

export function createListViewStore() {
  let ordered: { byId: unknown; jobs: Job[] } | undefined;
  let shown: { byId: unknown; view: ListView; result: ShownJobs } | undefined;
  return createStore<ListViewState>()((set, get) => ({
    view: { sort: QUEUE_ORDER, filter: 'all', search: '' },
    sortBy: (key) => {
      const { view } = get();
      const sort =
        key === 'queue' || view.sort.key !== key
          ? { key, direction: 'asc' as const }
          : view.sort.direction === 'asc'
            ? { key, direction: 'desc' as const }
            : QUEUE_ORDER;
      set({ view: { ...view, sort } });
    },
    setFilter: (filter) => set({ view: { ...get().view, filter } }),
    setSearch: (search) => {
      if (search !== get().view.search) set({ view: { ...get().view, search } });
    },
    derive: (byId, view, progress) => {
      if (shown && shown.byId === byId && shown.view === view) return shown.result;
      if (!ordered || ordered.byId !== byId) ordered = { byId, jobs: orderJobs(byId) };
      shown = { byId, view, result: showJobs(ordered.jobs, view, progress) };
      return shown.result;
    },
  }));
}

export type ListViewStore = ReturnType<typeof createListViewStore>;

// One per set of app stores: the toolbar, chips, list and menus of one window share it.
const byStores = new WeakMap<AppStores, ListViewStore>();

export function listViewOf(stores: AppStores): ListViewStore {
  let store = byStores.get(stores);
  if (!store) {
    store = createListViewStore();
    byStores.set(stores, store);
  }
  return store;
}

export function useListView<T>(selector: (state: ListViewState) => T): T {
  return useStore(listViewOf(useStores()), selector);
}

/**
 * The jobs as shown (chip, search, sort). It follows job changes, not progress ticks: those live
 * in their own slice, so a tick never re-sorts 10,000 rows.
 */
export function useShownJobs(): ShownJobs {
  const stores = useStores();
  const byId = useJobs((state) => state.byId);
  const view = useListView((state) => state.view);
  return listViewOf(stores).getState().derive(byId, view, stores.jobs.getState().progress);
}
