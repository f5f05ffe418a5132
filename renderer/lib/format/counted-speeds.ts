import type { JobProgress } from '../../stores/jobs-store.js';

/** Time constant of each job's average over its per-second counts. */
const TAU_MS = 3000;
/**
 * Counts closer together than this are skipped: the ticker beats once a second, and a read in
 * between (the ticker starting when a row first subscribes) would count a sliver of time, which
 * magnifies one fragment or, with none in it, pulls the speed down for nothing.
 */
const MIN_COUNT_GAP_MS = 900;

/**
 * The speeds on screen (each row and the status bar's total): the bytes every transferring job
 * sent, counted once per ticker second, averaged over a few seconds. Not an average updated on
 * each progress event: a job under a bandwidth limit sends a 64 KiB fragment at once and then
 * waits, and an average read just after each fragment (when a row re-renders) is above its
 * real rate; 50 such jobs added up read 7% over the limit they keep, one slow job alone 25%.
 * Bytes counted at regular times cannot read over what was sent.
 */
export class CountedSpeeds {
  /** Per job: bytes sent (acknowledged and in flight) at the last count, and its average. */
  private jobs = new Map<string, { sent: number; bps: number | undefined }>();
  private countedAt: number | undefined;
  private total = 0;

  /**
   * Counts as of the ticker's time `at`, once per `at`: every read within a second agrees.
   * Returns whether it counted (false for a time already counted).
   */
  count(progress: Readonly<Record<string, JobProgress>>, at: number): boolean {
    if (this.countedAt !== undefined && at - this.countedAt < MIN_COUNT_GAP_MS) return false;
    const elapsed = this.countedAt === undefined ? 0 : at - this.countedAt;
    const weight = 1 - Math.exp(-elapsed / TAU_MS);
    const jobs = new Map<string, { sent: number; bps: number | undefined }>();
    let total = 0;
    for (const [id, value] of Object.entries(progress)) {
      const sent = value.bytesAcked + value.bytesInFlight;
      const before = this.jobs.get(id);
      let bps: number | undefined;
      if (!before) {
        // First seen: the engine's own estimate stands in until a second has been counted
        // (a resumed upload's earlier bytes are not this second's).
        bps = value.speedBps || undefined;
      } else {
        // A lower count is the server losing bytes, not a negative speed.
        const instant = (Math.max(0, sent - before.sent) * 1000) / elapsed;
        bps = before.bps === undefined ? instant : before.bps + weight * (instant - before.bps);
      }
      jobs.set(id, { sent, bps });
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
}
