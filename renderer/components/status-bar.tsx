import { useMemo } from 'react';
import { formatSpeed } from '../../shared/format.js';
import { ACTIVE_STATES } from '../../shared/job-states.js';
import { useLimitNow } from '../features/settings/use-limit-now.js';
import { useTotalSpeed } from '../lib/format/use-live-progress.js';
import { useHost, useJobs } from '../stores/app-stores.js';
import { BandwidthLimit } from './bandwidth-popover.js';
import { ConnectionIndicator } from './connection-banner.js';

/** Counts, total speed and the bandwidth limit, with the connection at the end (ui.md layout). */
export function StatusBar() {
  const byId = useJobs((state) => state.byId);
  const complete = useJobs((state) => state.complete);
  const limit = useHost((state) => state.settings?.bandwidthLimitBps);
  const inForce = useLimitNow();
  const counts = useMemo(() => {
    const c = { active: 0, queued: 0, suspended: 0, failed: 0, done: 0 };
    for (const job of Object.values(byId)) {
      if (ACTIVE_STATES.has(job.state)) c.active++;
      else if (job.state === 'queued' || job.state === 'transient-error') c.queued++;
      else if (job.state === 'suspended') c.suspended++;
      else if (job.state === 'error') c.failed++;
      else if (job.state === 'acknowledged') c.done++;
    }
    return c;
  }, [byId]);
  const speed = useTotalSpeed();
  return (
    <footer className="status-bar">
      {complete ? (
        <span>
          {counts.active} uploading · {counts.queued} queued
          {counts.suspended > 0 ? ` · ${counts.suspended} suspended` : ''} · {counts.failed} failed ·{' '}
          {counts.done} done
        </span>
      ) : (
        // The first screen is in, the rest of the list is not: counts over part of it would mislead.
        <span>Loading the queue…</span>
      )}
      <span className="num status-bar__speed">{formatSpeed(speed)}</span>
      {limit !== undefined && <BandwidthLimit limit={limit} {...(inForce ? { inForce } : {})} />}
      <span className="status-bar__end">
        <ConnectionIndicator />
      </span>
    </footer>
  );
}
