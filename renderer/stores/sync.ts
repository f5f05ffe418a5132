import type { CoreEvent } from '../../shared/contract/core-api.js';
import type { Job } from '../../shared/jobs.js';
import type { Transport } from '../lib/transport/transport.js';
import { toTransportError } from '../lib/transport/transport-error.js';
import { FrameBatcher, type FrameScheduler } from './frame-batcher.js';
import type { HostStore } from './host-store.js';
import type { JobsStore } from './jobs-store.js';

/** jobs:list answers at most this many per page (ListQuerySchema). */
const PAGE = 1000;
/** Jobs asked for at once, in queue order, to fill the first screen before the whole list is in. */
export const PREVIEW_JOBS = 100;

/**
 * Feeds the stores from a transport (events.ts, "a client's recipe"): subscribe first; on a
 * `ready` that asks for it, take a snapshot and lay the events that arrived meanwhile on top.
 * Events are applied once per animation frame. Returns the function that stops it.
 */
export function syncStores(
  transport: Transport,
  stores: { jobs: JobsStore; host: HostStore },
  schedule?: FrameScheduler,
): () => void {
  let settingsTouched = false;
  const batcher = new FrameBatcher<CoreEvent>((events) => {
    stores.jobs.getState().applyEvents(events);
    for (let i = events.length - 1; i >= 0; i--) {
      const event = events[i]!;
      if (event.type === 'settings-changed') {
        settingsTouched = true;
        stores.host.setState({ settings: event.settings });
        break;
      }
    }
  }, schedule);

  let snapshotRun = 0;
  let stopped = false;
  let hostRunId: string | undefined;
  const snapshot = async () => {
    const run = ++snapshotRun;
    batcher.flushNow();
    stores.jobs.getState().beginSnapshot();
    settingsTouched = false;
    try {
      const [jobs, settings, appInfo] = await Promise.all([
        listAll(transport),
        transport.invoke('settings:get', {}),
        transport.invoke('app:info', {}),
      ]);
      // A newer resync started while this one was on its way: its answer is the one to keep.
      if (run !== snapshotRun) return;
      batcher.flushNow();
      stores.jobs.getState().applySnapshot(jobs);
      stores.host.setState({ appInfo, problem: undefined, ...(settingsTouched ? {} : { settings }) });
    } catch (error) {
      if (run !== snapshotRun) return;
      stores.host.setState({ problem: toTransportError(error, 'Loading the job list failed') });
    }
  };

  const stopConnection = transport.onConnectionChange((connection, problem) => {
    stores.host.setState(problem ? { connection, problem } : { connection });
  });
  stores.host.setState({ connection: transport.connection });
  // The first screen without waiting for the stream and ten pages: a queue of 10,000 paints its
  // top rows at once. The snapshot that follows is the truth; this only fills the wait.
  transport
    .invoke('jobs:list', { sort: 'queue', offset: 0, limit: PREVIEW_JOBS })
    .then((page) => {
      if (!stopped) stores.jobs.getState().applyPreview(page.jobs);
    })
    .catch(() => {
      // The snapshot reports what is wrong with the host; a preview has nothing to add.
    });
  const stopStream = transport.subscribe((message) => {
    if (message.kind === 'event') {
      batcher.push(message.event);
      return;
    }
    const restarted = hostRunId !== undefined && hostRunId !== message.hostRunId;
    hostRunId = message.hostRunId;
    if (message.resync || restarted) void snapshot();
  });
  return () => {
    stopped = true;
    stopStream();
    stopConnection();
    snapshotRun++;
  };
}

/** Every job, page by page, in creation order (stable while states change between pages). */
async function listAll(transport: Transport): Promise<Job[]> {
  const jobs: Job[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await transport.invoke('jobs:list', { sort: 'created', offset, limit: PAGE });
    jobs.push(...page.jobs);
    if (page.jobs.length < PAGE || jobs.length >= page.total) return jobs;
  }
}
