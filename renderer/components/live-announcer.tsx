import { useEffect, useState } from 'react';
import { explainError } from '../../shared/error-explain.js';
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

/** One change worth saying: a job in a new state (with the reason of a failure), or removed. */
export interface Change {
  name: string;
  word: string;
  reason?: string;
}

/** How long changes gather before one message says them all (a bulk action is one sentence). */
export const COALESCE_MS = 400;
/** More individual items than this become counts ("12 uploads suspended"). */
const MAX_NAMED = 2;

/** Which state changes between two snapshots of the cache are worth saying out loud. */
export function announcements(
  before: Readonly<Record<string, Job>>,
  after: Readonly<Record<string, Job>>,
): Change[] {
  const said: Change[] = [];
  for (const job of Object.values(after)) {
    const previous = before[job.id];
    if (!previous || previous.state === job.state) continue;
    const word =
      SPOKEN[job.state] ?? (previous.state === 'suspended' && job.state === 'queued' ? 'resumed' : '');
    if (!word) continue;
    const change: Change = { name: job.fileName, word };
    if (job.state === 'error' && job.error) change.reason = explainError(job.error).reason;
    said.push(change);
  }
  for (const job of Object.values(before))
    if (!after[job.id]) said.push({ name: job.fileName, word: 'removed' });
  return said;
}

/**
 * One sentence for a batch of changes: failures first, each with its one-line reason while
 * there are few; the rest grouped by what happened ("12 uploads suspended"), so a bulk action
 * is one announcement, not a flood.
 */
export function summarize(changes: readonly Change[]): string {
  // The latest word per file wins (queued → uploading → done within one batch says "done").
  const latest = new Map<string, Change>();
  for (const change of changes) {
    latest.delete(change.name);
    latest.set(change.name, change);
  }
  const groups = new Map<string, Change[]>();
  for (const change of latest.values()) groups.set(change.word, [...(groups.get(change.word) ?? []), change]);
  const parts: string[] = [];
  const failed = groups.get('failed');
  if (failed) {
    groups.delete('failed');
    if (failed.length <= MAX_NAMED)
      parts.push(...failed.map((c) => `${c.name} failed${c.reason ? `: ${c.reason}` : ''}`));
    else parts.push(`${failed.length} uploads failed`);
  }
  for (const [word, group] of groups) {
    parts.push(
      group.length <= MAX_NAMED
        ? group.map((c) => `${c.name}: ${word}`).join('. ')
        : `${group.length} uploads ${word}`,
    );
  }
  return parts.join('. ');
}

/**
 * A polite live region for state changes ("report.pdf: done", "report.pdf failed: The server
 * refused the upload…", "12 uploads suspended"): changes gather for COALESCE_MS and are said once.
 */
export function LiveAnnouncer() {
  const { jobs } = useStores();
  const [message, setMessage] = useState('');
  useEffect(() => {
    let pending: Change[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = jobs.subscribe((state, previous) => {
      if (state.byId === previous.byId || !previous.complete || !state.complete) return;
      const changes = announcements(previous.byId, state.byId);
      if (changes.length === 0) return;
      pending.push(...changes);
      timer ??= setTimeout(() => {
        timer = undefined;
        const said = summarize(pending);
        pending = [];
        if (said) setMessage(said);
      }, COALESCE_MS);
    });
    return () => {
      stop();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [jobs]);
  return (
    <div className="visually-hidden" role="status" aria-live="polite">
      {message}
    </div>
  );
}
