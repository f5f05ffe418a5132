import { formatBytes } from '../../../shared/format.js';
import type { Job, JobState } from '../../../shared/jobs.js';

const STATE_WORDS: Record<JobState, string> = {
  queued: 'queued',
  connecting: 'connecting',
  transferring: 'uploading',
  suspended: 'suspended',
  'transient-error': 'retrying',
  error: 'failed',
  transferred: 'transferred',
  acknowledged: 'done',
  cancelled: 'cancelled',
};

/** Several jobs selected: how many, how large together, and in which states. */
export function SelectionSummary({ jobs }: { jobs: readonly Job[] }) {
  const total = jobs.reduce((sum, job) => sum + job.bytesTotal, 0);
  const acked = jobs.reduce((sum, job) => sum + Math.min(job.bytesAcked, job.bytesTotal), 0);
  const states = new Map<JobState, number>();
  for (const job of jobs) states.set(job.state, (states.get(job.state) ?? 0) + 1);
  return (
    <dl className="details-facts">
      <dt>Selected</dt>
      <dd className="num">{jobs.length} uploads</dd>
      <dt>Total size</dt>
      <dd className="num">{formatBytes(total)}</dd>
      <dt>Acknowledged</dt>
      <dd className="num">{formatBytes(acked)}</dd>
      <dt>States</dt>
      <dd>
        <ul className="details-states">
          {[...states].map(([state, count]) => (
            <li key={state}>
              {count} {STATE_WORDS[state]}
            </li>
          ))}
        </ul>
      </dd>
    </dl>
  );
}
