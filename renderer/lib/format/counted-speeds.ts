import type { JobProgress } from '../../stores/jobs-store.js';

/** Time constant of each job's speed: its average over its per-second counts. */
const TAU_MS = 3000;
/**
 * Time constant of the average its ETA is worked out at: longer, because a job sharing a limit
 * sends a fragment or two a second, and at 3 s its ETA read 17 then 30 minutes a second apart
 * (50 jobs under 5 MB/s). Ten seconds still follows a real change, a job's share doubling, in
 * half a minute.
 */
const ETA_TAU_MS = 10_000;
/**
 * A job's bytes come in steps: a fragment written at once, then a wait for the bandwidth limit.
 * A slow job's steps are seconds apart (64 KiB under a 24 KiB/s limit: one in 2.7 s), and a 3 s
 * average of them read 15 to 32 KiB/s; each average spans at least this many of its steps, up to
 * MAX_SPAN_MS. The time between steps is what is seen, never the speed itself: an average that
 * slowed when its own reading was low would read low.
 */
const STEPS_PER_AVERAGE = 3;
/** The longest span: a job that once crawled still follows a real change within a minute. */
const MAX_SPAN_MS = 15_000;
/** How fast the typical time between steps follows the times seen. */
const GAP_WEIGHT = 0.3;
/**
 * Counts closer together than this are skipped: the ticker beats once a second, and a read in
 * between (the ticker starting when a row first subscribes) would count a sliver of time, which
 * magnifies one fragment or, with none in it, pulls the speed down for nothing.
 */
const MIN_COUNT_GAP_MS = 900;

/** One job at the last count. */
interface Counted {
  /** Bytes sent, acknowledged and in flight. */
  sent: number;
  /** When a count last saw it send bytes. */
  grewAt: number | undefined;
  /** Its typical time between two counts that saw bytes (undefined: not seen yet). */
  gapMs: number | undefined;
  /** The time constant of its speed: TAU_MS, or STEPS_PER_AVERAGE of its longest typical gap. */
  spanMs: number;
  /** Its speed; undefined while the engine has given no estimate yet. */
  bps: number | undefined;
  /** Its slower average, for the ETA. */
  etaBps: number | undefined;
  /** Seconds left at that slower average; undefined when it is 0 or the engine knows no total. */
  eta: number | undefined;
}

/**
 * The speeds on screen (each row and the status bar's total): the bytes every transferring job
 * sent, counted once per ticker second, averaged over a few seconds; and each job's time left,
 * from the same counts averaged longer, changing at most once a second. Not an average updated on
 * each progress event: a job under a bandwidth limit sends a 64 KiB fragment at once and then
 * waits, and an average read just after each fragment (when a row re-renders) is above its
 * real rate; 50 such jobs added up read 7% over the limit they keep, one slow job alone 25%.
 * Bytes counted at regular times cannot read over what was sent.
 */
export class CountedSpeeds {
  private jobs = new Map<string, Counted>();
  private countedAt: number | undefined;
  private total = 0;

  /**
   * Counts as of the ticker's time `at`, once per `at`: every read within a second agrees.
   * Returns whether it counted (false for a time already counted).
   */
  count(progress: Readonly<Record<string, JobProgress>>, at: number): boolean {
    if (this.countedAt !== undefined && at - this.countedAt < MIN_COUNT_GAP_MS) return false;
    const elapsed = this.countedAt === undefined ? 0 : at - this.countedAt;
    const weightOver = (tauMs: number) => 1 - Math.exp(-elapsed / tauMs);
    const jobs = new Map<string, Counted>();
    let total = 0;
    for (const [id, value] of Object.entries(progress)) {
      const sent = value.bytesAcked + value.bytesInFlight;
      const before = this.jobs.get(id);
      let bps: number | undefined;
      let etaBps: number | undefined;
      let grewAt: number | undefined;
      let gapMs: number | undefined;
      let spanMs = TAU_MS;
      if (!before) {
        // First seen: the engine's own estimate stands in until a second has been counted
        // (a resumed upload's earlier bytes are not this second's).
        bps = etaBps = value.speedBps || undefined;
      } else {
        // A lower count is the server losing bytes, not a negative speed.
        const grew = Math.max(0, sent - before.sent);
        grewAt = grew > 0 ? at : before.grewAt;
        gapMs =
          grew > 0 && before.grewAt !== undefined
            ? average(before.gapMs, at - before.grewAt, GAP_WEIGHT)
            : before.gapMs;
        // Only ever longer: a span that moved with each gap would follow the readings it averages
        // and read off (shorter after quick steps, when the reading is high, lifts it too fast).
        spanMs = Math.min(MAX_SPAN_MS, Math.max(before.spanMs, STEPS_PER_AVERAGE * (before.gapMs ?? 0)));
        const instant = (grew * 1000) / elapsed;
        bps = average(before.bps, instant, weightOver(spanMs));
        etaBps = average(before.etaBps, instant, weightOver(Math.max(ETA_TAU_MS, spanMs)));
      }
      jobs.set(id, { sent, grewAt, gapMs, spanMs, bps, etaBps, eta: timeLeft(value, sent, etaBps) });
      total += bps ?? 0;
    }
    this.jobs = jobs;
    this.countedAt = at;
    this.total = Math.round(total);
    return true;
  }

  /** Every transferring job's speed added up (0 at once when nothing transfers). */
  get totalBps(): number {
    return this.total;
  }

  /** One job's speed; undefined until there is one. */
  of(jobId: string): number | undefined {
    const bps = this.jobs.get(jobId)?.bps;
    return bps === undefined ? undefined : Math.round(bps);
  }

  /** One job's seconds left, as of the last count; undefined when there is none. */
  etaOf(jobId: string): number | undefined {
    return this.jobs.get(jobId)?.eta;
  }
}

/** An exponential moving average moved `weight` of the way to `instant`; the first is itself. */
function average(before: number | undefined, instant: number, weight: number): number {
  return before === undefined ? instant : before + weight * (instant - before);
}

/**
 * Whole seconds left at `bps`. None while the job stands still, and none where the engine gives
 * none: a reply of unknown size has no total to count down to.
 */
function timeLeft(progress: JobProgress, sent: number, bps: number | undefined): number | undefined {
  if (progress.etaSeconds === undefined || bps === undefined || bps < 1) return undefined;
  return Math.ceil(Math.max(0, progress.bytesTotal - sent) / bps);
}
