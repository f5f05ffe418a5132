import { useStores, useUi } from '../stores/app-stores.js';
import { Icon } from './icons.js';

/** What went wrong with something the user asked for, in plain words, until they dismiss it. */
export function Notices() {
  const notices = useUi((state) => state.notices);
  const { ui } = useStores();
  return (
    <div className="notices" role="alert" aria-live="assertive">
      {notices.map((notice) => (
        <div key={notice.id} className="notice">
          <Icon name="alert" />
          <div className="notice__text">
            <p>{notice.message}</p>
            {notice.hint && <p className="muted">{notice.hint}</p>}
          </div>
          <button
            type="button"
            className="ghost"
            aria-label={`Dismiss: ${notice.message}`}
            onClick={() => ui.getState().dismiss(notice.id)}
          >
            <Icon name="x" />
          </button>
        </div>
      ))}
    </div>
  );
}
