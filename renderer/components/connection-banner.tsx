import { useHost } from '../stores/app-stores.js';
import { Icon } from './icons.js';

/** The visible "Disconnected, reconnecting…" state; the list stays as it was last seen. */
export function ConnectionBanner() {
  const connection = useHost((state) => state.connection);
  if (connection !== 'reconnecting') return null;
  return (
    <div className="banner banner--warning" role="status">
      <Icon name="retry" />
      <span>
        <strong>Disconnected, reconnecting…</strong> The list shows what was last seen until the host answers
        again.
      </span>
    </div>
  );
}

/** The dot and word in the status bar. */
export function ConnectionIndicator() {
  const connection = useHost((state) => state.connection);
  const word = {
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    disconnected: 'Disconnected',
  }[connection];
  return (
    <span className={`indicator indicator--${connection}`}>
      <span className="indicator__dot" aria-hidden="true" />
      {word}
    </span>
  );
}
