import type { Capabilities } from '../../../shared/contract/host-api.js';
import { formatBytes } from '../../../shared/format.js';
import { FINAL_STATES, PRIORITIES, type Priority } from '../../../shared/job-states.js';
import type { Job } from '../../../shared/jobs.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import type { AppStores } from '../../stores/app-stores.js';
import { actionsFor } from './job-actions.js';

/** What the toolbar, the context menu and the keys do to the selection. */
export type SelectionAction =
  | 'suspend'
  | 'resume'
  | 'cancel'
  | 'retry'
  | 'complete'
  | 'remove'
  | 'reveal'
  | 'priority'
  | 'move-up'
  | 'move-down'
  | 'move-top'
  | 'move-bottom';

export const SELECTION_VERBS: Record<SelectionAction, string> = {
  suspend: 'Suspend',
  resume: 'Resume',
  cancel: 'Cancel',
  retry: 'Retry now',
  complete: 'Complete',
  remove: 'Remove',
  reveal: 'Reveal file',
  priority: 'Priority',
  'move-up': 'Move up',
  'move-down': 'Move down',
  'move-top': 'Move to top',
  'move-bottom': 'Move to bottom',
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  foreground: 'Foreground',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
};

export interface ActionContext {
  capabilities: Capabilities | undefined;
  /** Moves mean something only while the list shows the queue's own order. */
  queueOrder: boolean;
}

const isMove = (action: SelectionAction) => action.startsWith('move-');

/** The selected jobs an action applies to (empty: the button is disabled). */
export function targetsOf(action: SelectionAction, jobs: readonly Job[], context: ActionContext): Job[] {
  switch (action) {
    case 'remove':
      return [...jobs];
    case 'reveal':
      return context.capabilities?.canRevealFiles && jobs.length === 1 ? [...jobs] : [];
    case 'priority':
      return jobs.filter((job) => !FINAL_STATES.has(job.state));
    default:
      if (isMove(action)) return context.queueOrder ? jobs.filter((job) => !FINAL_STATES.has(job.state)) : [];
      return jobs.filter((job) => actionsFor(job, context.capabilities).includes(action as never));
  }
}

/** "Suspend 3" for several, "Suspend" for one: labels begin with the verb and name the count. */
export function actionLabel(action: SelectionAction, count: number): string {
  return count > 1 ? `${SELECTION_VERBS[action]} ${count}` : SELECTION_VERBS[action];
}

const uploads = (n: number) => (n === 1 ? '1 upload' : `${n} uploads`);

/**
 * Runs an action on the jobs it applies to, asking first where work is lost (cancel, removing
 * unfinished jobs). Failures are summed up in one notice, not one per job. Resolves false when
 * the user said no.
 */
export async function runSelectionAction(
  stores: AppStores,
  action: SelectionAction,
  selected: readonly Job[],
  context: ActionContext,
  priority?: Priority,
): Promise<boolean> {
  const jobs = targetsOf(action, selected, context);
  if (jobs.length === 0) return false;
  const { transport, ui } = stores;
  // What the server holds: the live progress when a job is running, its last saved count otherwise.
  const { progress } = stores.jobs.getState();
  const sent = (list: readonly Job[]) =>
    list.reduce((sum, job) => sum + Math.max(job.bytesAcked, progress[job.id]?.bytesAcked ?? 0), 0);
  let failures: Array<{ job: Job; error: unknown }> = [];
  switch (action) {
    case 'cancel': {
      const lost = sent(jobs);
      const yes = await ui.getState().confirm({
        title: `Cancel ${uploads(jobs.length)}?`,
        message: `${lost > 0 ? `${formatBytes(lost)} already sent is lost` : 'Nothing has been sent yet'}; the server drops what it has of ${jobs.length === 1 ? `“${jobs[0]!.fileName}”` : 'them'}. This cannot be undone.`,
        confirmLabel: `Cancel ${uploads(jobs.length)}`,
        dismissLabel: 'Keep uploading',
        tone: 'danger',
      });
      if (!yes) return false;
      failures = await each(jobs, (job) => transport.invoke('jobs:cancel', { id: job.id }));
      break;
    }
    case 'remove': {
      const unfinished = jobs.filter((job) => !FINAL_STATES.has(job.state));
      if (unfinished.length > 0) {
        const lost = sent(unfinished);
        const yes = await ui.getState().confirm({
          title: `Remove ${uploads(jobs.length)}?`,
          message: `${unfinished.length === jobs.length ? (jobs.length === 1 ? 'It is' : 'They are') : `${unfinished.length} of them are`} not finished: ${unfinished.length === 1 ? 'it is' : 'they are'} cancelled first${lost > 0 ? `, and ${formatBytes(lost)} already sent is lost` : ''}. This cannot be undone.`,
          confirmLabel: `Remove ${uploads(jobs.length)}`,
          dismissLabel: 'Keep',
          tone: 'danger',
        });
        if (!yes) return false;
        failures = await each(unfinished, (job) => transport.invoke('jobs:cancel', { id: job.id }));
      }
      const failed = new Set(failures.map((failure) => failure.job.id));
      const ids = jobs.filter((job) => !failed.has(job.id)).map((job) => job.id);
      try {
        const left = await removeAll(stores, ids);
        if (left > 0) {
          ui.getState().notify(
            `${uploads(left)} ${left === 1 ? 'stays' : 'stay'} listed as cancelled: the server has not confirmed the cancel yet.`,
            'Remove them again once the server answers.',
          );
        }
      } catch (error) {
        failures.push(...jobs.filter((job) => !failed.has(job.id)).map((job) => ({ job, error })));
      }
      break;
    }
    case 'reveal':
      failures = await each(jobs, (job) => transport.invoke('files:reveal', { jobId: job.id }));
      break;
    case 'priority':
      if (!priority) return false;
      failures = await each(jobs, (job) => transport.invoke('jobs:set-priority', { id: job.id, priority }));
      break;
    case 'move-up':
    case 'move-down':
    case 'move-top':
    case 'move-bottom':
      failures = await moveAll(stores, action, jobs);
      break;
    default: {
      const channel = `jobs:${action}` as 'jobs:suspend' | 'jobs:resume' | 'jobs:retry' | 'jobs:complete';
      failures = await each(jobs, (job) => transport.invoke(channel, { id: job.id }));
    }
  }
  if (failures.length > 0) report(stores, action, failures, jobs.length);
  return true;
}

/** Waits between tries of removing just-cancelled jobs (ms): the engine tells the server first. */
export const REMOVE_RETRY_MS = [100, 250, 500, 1000, 2000, 4000];

/**
 * Removes `ids`; a job just cancelled stays until the engine has told the server (its open
 * session), so those are tried again a few times. Resolves with how many are still listed.
 */
async function removeAll(stores: AppStores, ids: readonly string[]): Promise<number> {
  let left = [...ids];
  for (let attempt = 0; left.length > 0; attempt++) {
    const { removed } = await stores.transport.invoke('jobs:remove', { ids: left });
    const gone = new Set(removed);
    left = left.filter((id) => !gone.has(id) && stores.jobs.getState().byId[id] !== undefined);
    const wait = REMOVE_RETRY_MS[attempt];
    if (left.length === 0 || wait === undefined) break;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return left.length;
}

/** A step of the priority: '+' raises, '-' lowers (the Priority menu's keys). */
export function nextPriority(jobs: readonly Job[], step: -1 | 1): Priority | undefined {
  const focus = jobs[0];
  if (!focus) return undefined;
  const at = PRIORITIES.indexOf(focus.priority) - step;
  return PRIORITIES[Math.min(PRIORITIES.length - 1, Math.max(0, at))];
}

/**
 * Moves keep the selection's own order: to the top, the last goes first; up, the first goes
 * first, and a job stuck behind a selected one that could not move stays behind it.
 */
async function moveAll(stores: AppStores, action: SelectionAction, jobs: readonly Job[]) {
  const where = action.slice('move-'.length) as 'up' | 'down' | 'top' | 'bottom';
  const shown = where === 'top' || where === 'down' ? [...jobs].reverse() : [...jobs];
  const failures: Array<{ job: Job; error: unknown }> = [];
  const queue = unfinishedInQueueOrder(stores);
  const selected = new Set(jobs.map((job) => job.id));
  const stuck = new Set<string>();
  for (const job of shown) {
    if (where === 'up' || where === 'down') {
      const peers = queue.filter((other) => other.priority === job.priority);
      const at = peers.findIndex((other) => other.id === job.id);
      const next = peers[where === 'up' ? at - 1 : at + 1];
      if (!next || (selected.has(next.id) && stuck.has(next.id))) {
        stuck.add(job.id);
        continue;
      }
      // Keep the local picture in step, so the next job's neighbour is the right one.
      const from = queue.indexOf(job);
      const to = queue.indexOf(next);
      queue[from] = next;
      queue[to] = job;
    }
    try {
      await stores.transport.invoke('jobs:move', { id: job.id, where });
    } catch (error) {
      failures.push({ job, error });
    }
  }
  return failures;
}

function unfinishedInQueueOrder(stores: AppStores): Job[] {
  const { byId } = stores.jobs.getState();
  return Object.values(byId)
    .filter((job) => !FINAL_STATES.has(job.state))
    .sort(
      (a, b) =>
        PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
        a.queueOrder - b.queueOrder ||
        a.createdAt - b.createdAt,
    );
}

/** Runs `task` for every job, a few at a time (10,000 jobs, one request each); collects failures. */
async function each(jobs: readonly Job[], task: (job: Job) => Promise<unknown>, limit = 8) {
  const failures: Array<{ job: Job; error: unknown }> = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      try {
        await task(job);
      } catch (error) {
        failures.push({ job, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return failures;
}

/** One notice for a bulk action: how many failed, the first reason, the first names. */
function report(
  stores: AppStores,
  action: SelectionAction,
  failures: Array<{ job: Job; error: unknown }>,
  total: number,
): void {
  const verb = SELECTION_VERBS[action];
  const first = toTransportError(failures[0]!.error, `${verb} failed`);
  if (total === 1) {
    stores.ui.getState().notify(`${verb} “${failures[0]!.job.fileName}”: ${first.message}`, first.hint);
    return;
  }
  const names = failures.slice(0, 3).map((failure) => `“${failure.job.fileName}”`);
  const more = failures.length > 3 ? ` and ${failures.length - 3} more` : '';
  stores.ui
    .getState()
    .notify(
      `${verb}: ${failures.length} of ${total} failed (${names.join(', ')}${more}): ${first.message}`,
      first.hint,
    );
}
