import { useEffect, useState } from 'react';
import type { Job, JobState } from '../../shared/jobs.js';
import { useStores } from '../stores/app-stores.js';

const SPOKEN: Partial<Record<JobState, string>> = {
  transferring: 'uploading',
  suspended: 'suspended',
  'transient-error': 'retrying',
  error: 'failed',
  acknowledged: 'done',
  cancelled: 'cancelled',
};

/** Which state changes between two snapshots of the cache are worth saying out loud. */
export function announcements(
  before: Readonly<Record<string, Job>>,
  after: Readonly<Record<string, Job>>,
): string[] {
  const said: string[] = [];
  for (const job of Object.values(after)) {
    const previous = before[job.id];
    if (!previous || previous.state === job.state) continue;
    const word =
      SPOKEN[job.state] ?? (previous.state === 'suspended' && job.state === 'queued' ? 'resumed' : '');
    if (word) said.push(`${job.fileName}: ${word}`);
  }
  return said;
}

/** A polite live region for state changes (screen readers hear "report.pdf: done"). */
export function LiveAnnouncer() {
  const { jobs } = useStores();
  const [message, setMessage] = useState('');
  useEffect(
    () =>
      jobs.subscribe((state, previous) => {
        if (state.byId === previous.byId || !previous.loaded) return;
        const said = announcements(previous.byId, state.byId);
        if (said.length === 0) return;
        setMessage(said.length > 3 ? `${said.length} uploads changed state` : said.join('. '));
      }),
    [jobs],
  );
  return (
    <div className="visually-hidden" role="status" aria-live="polite">
      {message}
    </div>
  );
}
