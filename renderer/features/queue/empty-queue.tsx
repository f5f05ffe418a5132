import { Icon } from '../../components/icons.js';
import { useHost } from '../../stores/app-stores.js';

/** What to do when nothing is queued yet (ui.md: empty states say what to do). */
export function EmptyQueue() {
  const desktop = useHost((state) => state.appInfo?.hostKind === 'desktop');
  return (
    <section className="empty" aria-labelledby="empty-title">
      <div className="empty__art">
        <Icon name="cloud" size={56} />
      </div>
      <h2 id="empty-title">No uploads yet</h2>
      <p>
        Drop files anywhere on this window, or choose a destination above and click <strong>Add files</strong>
        .
      </p>
      <p className="muted">
        {desktop
          ? 'Uploads resume after a restart or a lost connection, from where the server stopped.'
          : 'Dropped files are copied to the host first, then uploaded from there: once they are queued, closing this tab stops nothing.'}
      </p>
    </section>
  );
}
