import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { ReadRepliesStore } from '../features/replies/read-replies-store.js';
import type { Transport } from '../lib/transport/transport.js';
import type { HostState, HostStore } from './host-store.js';
import type { JobsState, JobsStore } from './jobs-store.js';
import type { SelectionState, SelectionStore } from './selection-store.js';
import type { UiState, UiStore } from './ui-store.js';

/** Everything a component reaches: the stores (read) and the transport (user actions out). */
export interface AppStores {
  transport: Transport;
  jobs: JobsStore;
  host: HostStore;
  ui: UiStore;
  selection: SelectionStore;
  /** Which replies the user has looked at (features/replies). */
  replies: ReadRepliesStore;
}

const StoresContext = createContext<AppStores | null>(null);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores needs a StoresProvider above it.');
  return stores;
}

export function useJobs<T>(selector: (state: JobsState) => T): T {
  return useStore(useStores().jobs, selector);
}

export function useHost<T>(selector: (state: HostState) => T): T {
  return useStore(useStores().host, selector);
}

export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(useStores().ui, selector);
}

export function useSelection<T>(selector: (state: SelectionState) => T): T {
  return useStore(useStores().selection, selector);
}
