import { serverHost, startedAt } from '../../../shared/diagnostics.js';
import { escapeControl } from '../../../shared/display-text.js';
import { formatBytes } from '../../../shared/format.js';
import type { Job, JobEvent } from '../../../shared/jobs.js';
import { RelativeTime } from '../../lib/format/relative-time-view.js';

const TYPE_LABELS: Record<Job['type'], string> = { upload: 'Upload', 'upload-reply': 'Upload with reply' };

/** The facts of one job (issue 7, "Details and errors"): where from, where to, when, how. */
export function JobFacts({
  job,
  events,
  acked,
  resending,
}: {
  job: Job;
  events: readonly JobEvent[] | undefined;
  /** Acknowledged bytes as the progress shows them (live while transferring). */
  acked: number;
  /** Bytes the server lost that are being sent again, as the live progress saw it. */
  resending: number;
}) {
  const started = events && startedAt(events);
  const stored = job.bestAcked !== undefined && job.bestAcked > acked ? job.bestAcked - acked : 0;
  const lost = Math.max(resending, stored);
  return (
    <dl className="details-facts">
      <dt>Local path</dt>
      <dd className="details-facts__path">{escapeControl(job.filePath)}</dd>
      <dt>URL</dt>
      <dd className="details-facts__path">{escapeControl(job.url)}</dd>
      <dt>Type</dt>
      <dd>{TYPE_LABELS[job.type]}</dd>
      <dt>Size</dt>
      <dd className="num">
        {formatBytes(acked)} of {formatBytes(job.bytesTotal)} acknowledged
      </dd>
      <dt>Session id</dt>
      <dd>
        {job.sessionId ? (
          <code>{escapeControl(job.sessionId)}</code>
        ) : (
          <span className="muted">none open</span>
        )}
      </dd>
      <dt>Server host</dt>
      <dd>{escapeControl(serverHost(job))}</dd>
      <dt>Created</dt>
      <dd>
        <RelativeTime at={job.createdAt} />
      </dd>
      <dt>Started</dt>
      <dd>
        {started !== undefined ? <RelativeTime at={started} /> : <span className="muted">not yet</span>}
      </dd>
      <dt>Finished</dt>
      <dd>
        {job.completedAt !== undefined ? (
          <RelativeTime at={job.completedAt} />
        ) : (
          <span className="muted">not yet</span>
        )}
      </dd>
      <dt>Attempts</dt>
      <dd className="num">
        {job.attempts === 0 ? 'no failures in a row' : `${job.attempts} in a row without progress`}
      </dd>
      <dt>Fragment size</dt>
      <dd className="num">{job.fragmentSize ? formatBytes(job.fragmentSize) : 'automatic'}</dd>
      <dt>Bytes re-sent</dt>
      <dd className="num">{resentText(job.bytesResent ?? 0, lost)}</dd>
      <dt>SHA-256</dt>
      <dd>
        {job.sha256 ? (
          <code className="details-facts__hash">{job.sha256}</code>
        ) : (
          <span className="muted">known once the server has all of it</span>
        )}
      </dd>
      {job.replyPath && (
        <>
          <dt>Reply file</dt>
          <dd className="details-facts__path">{escapeControl(job.replyPath)}</dd>
        </>
      )}
      <dt>Custom headers</dt>
      <dd>
        {job.headerNames.length ? `${job.headerNames.map(escapeControl).join(', ')} (values hidden)` : 'none'}
      </dd>
      <dt>Sign-in</dt>
      <dd>{job.hasCredentials ? 'user name and password (hidden)' : 'none'}</dd>
    </dl>
  );
}

/** What re-sending has cost so far, and what is being sent again now because the server lost it. */
function resentText(resent: number, lost: number): string {
  const parts: string[] = [];
  if (resent > 0) parts.push(`${formatBytes(resent)} so far`);
  if (lost > 0) parts.push(`${formatBytes(lost)} lost by the server, being re-sent`);
  return parts.length > 0 ? parts.join('; ') : 'none';
}
