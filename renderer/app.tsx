import { useMemo } from 'react';
import { APP_VIEWS } from './app-views.js';
import { ConfirmDialog } from './components/confirm-dialog.js';
import { ConnectionBanner } from './components/connection-banner.js';
import { Icon } from './components/icons.js';
import { LiveAnnouncer } from './components/live-announcer.js';
import { Notices } from './components/notices.js';
import { StagingList } from './components/staging-list.js';
import { StatusBar } from './components/status-bar.js';
import { ViewRail } from './components/view-rail.js';
import { createFileAdder } from './features/add-files/add-files.js';
import { DestinationBar } from './features/add-files/destination-bar.js';
import { DropZone } from './features/add-files/drop-zone.js';
import { useUnreadReplies } from './features/replies/use-replies.js';
import { useBrowserNotifications } from './features/settings/browser-notifications.js';
import { useThemeSetting } from './features/settings/theme.js';
import { useHost, useJobs, useStores, useUi } from './stores/app-stores.js';
import { selectJobCount } from './stores/jobs-store.js';

/** The window: destination bar, the rail of views, the current view, the status bar. */
export function App() {
  const stores = useStores();
  const adder = useMemo(() => createFileAdder(stores), [stores]);
  const connection = useHost((state) => state.connection);
  const problem = useHost((state) => state.problem);
  const view = useUi((state) => state.view);
  // No count on the rail until the whole list is in (a first screen of 100 is not the queue).
  const queued = useJobs((state) => (state.complete ? selectJobCount(state) : undefined));
  const unread = useUnreadReplies();
  useThemeSetting(document.documentElement, window.localStorage);
  useBrowserNotifications();
  const current = APP_VIEWS.find((candidate) => candidate.id === view) ?? APP_VIEWS[0]!;

  if (connection === 'disconnected' && problem?.code === 'unauthorized') {
    return <AccessProblem title="Access refused" message={problem.message} hint={problem.hint} />;
  }
  return (
    <DropZone adder={adder}>
      <div className="app">
        <header className="app__header">
          <h1 className="brand">
            <Icon name="upload" size={20} />
            BITS Uploader
          </h1>
          <DestinationBar adder={adder} />
        </header>
        <ConnectionBanner />
        {problem && connection === 'connected' && (
          <div className="banner banner--error" role="alert">
            <Icon name="alert" />
            <span>
              <strong>{problem.message}</strong> {problem.hint}
            </span>
          </div>
        )}
        <Notices />
        <StagingList />
        <div className="app__body">
          <ViewRail views={APP_VIEWS} counts={{ queue: queued, replies: unread }} />
          <main
            className="app__main"
            role="tabpanel"
            id={`view-panel-${current.id}`}
            aria-labelledby={`view-tab-${current.id}`}
          >
            <current.Panel />
          </main>
        </div>
        <StatusBar />
        <LiveAnnouncer />
        <ConfirmDialog />
      </div>
    </DropZone>
  );
}

/** A page that cannot reach its host says why and what to do (no token, a wrong token). */
export function AccessProblem({ title, message, hint }: { title: string; message: string; hint?: string }) {
  return (
    <main className="access">
      <div className="access__card">
        <Icon name="alert" size={32} />
        <h1>{title}</h1>
        <p>{message}</p>
        {hint && <p className="muted">{hint}</p>}
      </div>
    </main>
  );
}
