import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { Job } from '../../shared/jobs.js';
import { createReadRepliesStore } from '../features/replies/read-replies-store.js';
import { ElectronTransport } from '../lib/transport/electron-transport.js';
import { type AppStores, StoresProvider } from '../stores/app-stores.js';
import { createHostStore } from '../stores/host-store.js';
import { createJobsStore } from '../stores/jobs-store.js';
import { createSelectionStore } from '../stores/selection-store.js';
import { syncStores } from '../stores/sync.js';
import { createUiStore } from '../stores/ui-store.js';
import { FakeBridge } from './fake-bridge.js';

/**
 * Renders a piece of the window on the real stores and transport, fed from a FakeBridge (the
 * preload that needs Electron); events apply at once instead of on the next frame.
 */
export async function renderWithHost(
  ui: ReactNode,
  options: {
    jobs?: Job[];
    capabilities?: Partial<Record<string, boolean>>;
    /** Scripts the bridge before the window first asks it anything. */
    setup?: (bridge: FakeBridge) => void;
    storage?: Storage;
    /** Answers for channels beyond the job list, settings and app info (set before anything asks). */
    handlers?: Record<string, (payload: unknown) => unknown>;
  } = {},
) {
  const bridge = new FakeBridge(options.jobs ?? [], options.capabilities);
  for (const [channel, handler] of Object.entries(options.handlers ?? {}))
    bridge.handlers.set(channel, handler);
  options.setup?.(bridge);
  const transport = new ElectronTransport(bridge);
  const stores: AppStores = {
    transport,
    jobs: createJobsStore(),
    host: createHostStore(),
    ui: createUiStore(),
    selection: createSelectionStore(),
    replies: createReadRepliesStore(options.storage),
  };
  syncStores(transport, stores, (callback) => queueMicrotask(callback));
  const view = render(<StoresProvider stores={stores}>{ui}</StoresProvider>);
  // The snapshot answers asynchronously: let it land before the test looks.
  await act(async () => {
    bridge.push({ kind: 'ready', seq: 0, resync: true, hostRunId: 'run' });
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  return { bridge, stores, view };
}
