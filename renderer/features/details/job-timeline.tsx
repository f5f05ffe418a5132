import { escapeControl } from '../../../shared/display-text.js';
import type { JobEvent } from '../../../shared/jobs.js';
import { Icon } from '../../components/icons.js';
import { RelativeTime } from '../../lib/format/relative-time-view.js';

const KIND_ICONS = { state: 'clock', error: 'alert', info: 'file' } as const;
const KIND_WORDS = { state: 'State', error: 'Error', info: 'Note' } as const;

/** The job's event timeline from `jobs:get`, newest first, each entry with its time and codes. */
export function JobTimeline({
  events,
  loading,
}: {
  events: readonly JobEvent[] | undefined;
  loading: boolean;
}) {
  if (!events) {
    return <p className="muted">{loading ? 'Loading the timeline…' : 'No timeline yet.'}</p>;
  }
  const newest = [...events].reverse();
  return (
    <ol className="details-timeline" aria-label="Timeline, newest first">
      {newest.map((event) => (
        <li key={event.id} className={`details-timeline__entry details-timeline__entry--${event.kind}`}>
          <Icon name={KIND_ICONS[event.kind]} />
          <span className="visually-hidden">{KIND_WORDS[event.kind]}: </span>
          <span className="details-timeline__message">{escapeControl(event.message)}</span>
          {(event.code || event.httpStatus !== undefined) && (
            <span className="details-timeline__codes muted">
              {[event.httpStatus !== undefined ? `HTTP ${event.httpStatus}` : '', event.code ?? '']
                .filter(Boolean)
                .join(' · ')}
            </span>
          )}
          <RelativeTime className="details-timeline__time muted" at={event.at} />
        </li>
      ))}
    </ol>
  );
}
