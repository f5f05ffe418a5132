import { createStore } from 'zustand/vanilla';
import type { AppInfo } from '../../shared/contract/host-api.js';
import type { Settings } from '../../shared/jobs.js';
import type { ConnectionState } from '../lib/transport/transport.js';
import type { TransportError } from '../lib/transport/transport-error.js';

/** What the window knows about its host: the connection, what the host can do, its settings. */
export interface HostState {
  connection: ConnectionState;
  /** Why the connection gave up (a wrong token), or why the last snapshot failed. */
  problem: TransportError | undefined;
  appInfo: AppInfo | undefined;
  settings: Settings | undefined;
}

export function createHostStore() {
  return createStore<HostState>()(() => ({
    connection: 'connecting',
    problem: undefined,
    appInfo: undefined,
    settings: undefined,
  }));
}

export type HostStore = ReturnType<typeof createHostStore>;
