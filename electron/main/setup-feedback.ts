import type { Core, CoreEvent } from '../../shared/contract/core-api.js';
import type { Clock, TimerHandle } from '../bits/clock.js';
import { JobTally, type QueueSummary } from './job-tally.js';
import type { NotificationBatcher } from './notification-batcher.js';

export interface FeedbackDeps {
  core: Core;
  clock: Clock;
  batcher: NotificationBatcher;
  /** Redraws the tray and the taskbar progress from the summary (at most once a second). */
  render: (summary: QueueSummary) => void;
}

const RENDER_EVERY_MS = 1_000;

/**
 * Feeds the tray, the taskbar progress and the notifications from the core's events. Progress
 * arrives ~10 times a second per job; menus are redrawn at most once a second.
 */
export async function setupFeedback(deps: FeedbackDeps): Promise<{ tally: JobTally; stop: () => void }> {
  const tally = new JobTally();
  let timer: TimerHandle | undefined;
  const schedule = () => {
    timer ??= deps.clock.setTimeout(() => {
      timer = undefined;
      deps.render(tally.summary());
    }, RENDER_EVERY_MS);
  };
  // Subscribe first, then snapshot: events during the paging are applied on top.
  const early: CoreEvent[] = [];
  let seeded = false;
  const off = deps.core.subscribe((event) => {
    if (!seeded) {
      early.push(event);
      return;
    }
    for (const outcome of tally.apply(event)) deps.batcher.add(outcome);
    schedule();
  });
  for (let offset = 0; ; offset += 1000) {
    const page = await deps.core.queries.list({ offset, limit: 1000 });
    tally.seed(page.jobs);
    if (page.jobs.length === 0 || offset + page.jobs.length >= page.total) break;
  }
  seeded = true;
  for (const event of early) tally.apply(event);
  deps.render(tally.summary());
  return {
    tally,
    stop: () => {
      off();
      if (timer !== undefined) deps.clock.clearTimeout(timer);
    },
  };
}
