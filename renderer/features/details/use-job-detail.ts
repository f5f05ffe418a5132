import { useEffect, useState } from 'react';
import type { JobDetail } from '../../../shared/contract/core-api.js';
import type { Job } from '../../../shared/jobs.js';
import { type TransportError, toTransportError } from '../../lib/transport/transport-error.js';
import { useStores } from '../../stores/app-stores.js';

export interface DetailState {
  detail: JobDetail | undefined;
  loading: boolean;
  problem: TransportError | undefined;
}

/**
 * The job's timeline from `jobs:get`, asked again when the job changes (its `updatedAt`: state,
 * error, priority), never on a progress tick, which moves only the progress slice; and once when
 * the server is seen losing bytes (`resending`: a new session has its entry in the timeline).
 * An answer for an earlier version of the job, or another job, is dropped.
 */
export function useJobDetail(job: Job | undefined, resending = false): DetailState {
  const { transport } = useStores();
  const [state, setState] = useState<DetailState>({ detail: undefined, loading: false, problem: undefined });
  const id = job?.id;
  const version = job?.updatedAt;
  useEffect(() => {
    if (id === undefined) return;
    let current = true;
    setState((previous) => ({
      // Keep the previous timeline of the same job on screen while the new one loads.
      detail: previous.detail?.job.id === id ? previous.detail : undefined,
      loading: true,
      problem: undefined,
    }));
    transport.invoke('jobs:get', { id }).then(
      (detail) => {
        if (current) setState({ detail: detail ?? undefined, loading: false, problem: undefined });
      },
      (error: unknown) => {
        if (current)
          setState((previous) => ({
            detail: previous.detail,
            loading: false,
            problem: toTransportError(error, 'Loading the job’s timeline failed'),
          }));
      },
    );
    return () => {
      current = false;
    };
  }, [transport, id, version, resending]);
  return state;
}
