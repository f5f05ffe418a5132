import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AccessProblem, App } from './app.js';
import { preloadViews } from './app-views.js';
import { createReadRepliesStore } from './features/replies/read-replies-store.js';
import { applyRememberedTheme } from './features/settings/theme.js';
import { createTransport, forgetAccessToken } from './lib/transport/index.js';
import { StoresProvider } from './stores/app-stores.js';
import { createHostStore } from './stores/host-store.js';
import { createJobsStore } from './stores/jobs-store.js';
import { createSelectionStore } from './stores/selection-store.js';
import { syncStores } from './stores/sync.js';
import { createUiStore } from './stores/ui-store.js';
import './styles.css';

/** Long enough for the first rows and the snapshot of a large queue to come first. */
const PRELOAD_VIEWS_AFTER_MS = 3000;

applyRememberedTheme(document.documentElement, window.localStorage);
const root = createRoot(document.getElementById('root')!);
const choice = createTransport(window);
if (!choice.ok) {
  // Pasting the printed link into this tab only changes the fragment: start over with it.
  window.addEventListener('hashchange', () => window.location.reload(), { once: true });
  root.render(
    <AccessProblem
      title="This page needs its access link"
      message="BITS Uploader only answers pages opened with its access token."
      hint="Open the link that “bits-uploader serve” printed when it started (it ends in #token=…)."
    />,
  );
} else {
  const stores = {
    transport: choice.transport,
    jobs: createJobsStore(),
    host: createHostStore(),
    ui: createUiStore(window.localStorage),
    selection: createSelectionStore(),
    replies: createReadRepliesStore(window.localStorage),
  };
  // A refused token is forgotten, so a reload asks for the link instead of failing again.
  stores.transport.onConnectionChange((_state, problem) => {
    if (problem?.code === 'unauthorized') forgetAccessToken(window.sessionStorage);
  });
  syncStores(stores.transport, stores);
  root.render(
    <StrictMode>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </StrictMode>,
  );
  // After the first screen: the views that load on their own are fetched while nobody waits.
  window.setTimeout(() => preloadViews().catch(() => undefined), PRELOAD_VIEWS_AFTER_MS);
}
