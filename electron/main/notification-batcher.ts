import type { Clock, TimerHandle } from '../bits/clock.js';
import type { JobOutcome } from './job-tally.js';

export interface NotifyPreferences {
  finished: boolean;
  failed: boolean;
  replyReady: boolean;
}

export interface NotificationText {
  title: string;
  body: string;
  /** The one job it is about, so a click can show it; absent for a batch. */
  jobId?: string;
}

export interface BatcherDeps {
  clock: Clock;
  /** Outcomes within this window after the first one make one notification. */
  windowMs?: number;
  preferences: () => NotifyPreferences;
  /** Notifications are for when the user is elsewhere: none while the window has focus. */
  isFocused: () => boolean;
  show: (notification: NotificationText) => void;
}

export const NOTIFY_WINDOW_MS = 2_000;

const ENABLED: Record<JobOutcome['kind'], keyof NotifyPreferences> = {
  finished: 'finished',
  failed: 'failed',
  'reply-ready': 'replyReady',
};

/** Collects job outcomes and tells the user about them in one notification per burst. */
export class NotificationBatcher {
  private pending: JobOutcome[] = [];
  private timer: TimerHandle | undefined;

  constructor(private readonly deps: BatcherDeps) {}

  add(outcome: JobOutcome): void {
    if (this.deps.isFocused() || !this.deps.preferences()[ENABLED[outcome.kind]]) return;
    this.pending.push(outcome);
    this.timer ??= this.deps.clock.setTimeout(() => this.flush(), this.deps.windowMs ?? NOTIFY_WINDOW_MS);
  }

  /** Shows what was collected (also when the app quits, so nothing is swallowed). */
  flush(): void {
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const outcomes = this.pending;
    this.pending = [];
    // The user came back meanwhile: the window shows it all.
    if (outcomes.length === 0 || this.deps.isFocused()) return;
    this.deps.show(describe(outcomes));
  }

  dispose(): void {
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}

/** The words of one notification for a burst of outcomes. */
export function describe(outcomes: readonly JobOutcome[]): NotificationText {
  if (outcomes.length === 1) {
    const [only] = outcomes as [JobOutcome];
    const title = { finished: 'Upload finished', failed: 'Upload failed', 'reply-ready': 'Reply received' }[
      only.kind
    ];
    return { title, body: only.fileName, jobId: only.jobId };
  }
  const count = (kind: JobOutcome['kind']) => outcomes.filter((o) => o.kind === kind).length;
  const parts = [
    [count('finished'), 'finished'],
    [count('reply-ready'), 'with a reply'],
    [count('failed'), 'failed'],
  ] as const;
  const title = parts
    .filter(([n]) => n > 0)
    .map(([n, what], i) => (i === 0 ? `${n} ${n === 1 ? 'upload' : 'uploads'} ${what}` : `${n} ${what}`))
    .join(', ');
  const names = outcomes.slice(0, 3).map((o) => o.fileName);
  const more = outcomes.length - names.length;
  return { title, body: more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ') };
}
