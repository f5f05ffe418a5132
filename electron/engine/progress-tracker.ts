/**
 * Speed and ETA for one job: an exponentially weighted speed over bytes handed to the network,
 * and an ETA smoothed the same way so the number a user watches does not jump around.
 */
export class ProgressTracker {
  private lastAt: number | undefined;
  private lastBytes = 0;
  private speed = 0;
  private eta: number | undefined;

  /** Smoothing factor per second of elapsed time (larger reacts faster). */
  constructor(private readonly responsiveness = 0.5) {}

  /** Records that `bytesDone` bytes (acknowledged + in flight) were reached at `now`. */
  sample(bytesDone: number, bytesTotal: number, now: number): void {
    if (this.lastAt === undefined) {
      this.lastAt = now;
      this.lastBytes = bytesDone;
      return;
    }
    const elapsedMs = now - this.lastAt;
    // Short intervals give noisy rates; a backward move (server lost data) restarts the window.
    if (bytesDone < this.lastBytes) {
      this.lastAt = now;
      this.lastBytes = bytesDone;
      return;
    }
    if (elapsedMs < 200) return;
    const instant = ((bytesDone - this.lastBytes) * 1000) / elapsedMs;
    const weight = 1 - Math.exp((-this.responsiveness * elapsedMs) / 1000);
    this.speed = this.speed === 0 ? instant : this.speed + weight * (instant - this.speed);
    this.lastAt = now;
    this.lastBytes = bytesDone;
    const remaining = Math.max(0, bytesTotal - bytesDone);
    if (this.speed > 1) {
      const raw = remaining / this.speed;
      this.eta = this.eta === undefined ? raw : this.eta + weight * (raw - this.eta);
      // The smoothed ETA must still count down between samples.
      this.eta = Math.min(this.eta, raw * 1.5 + 1);
    } else {
      this.eta = undefined;
    }
  }

  /** A pause, error or restart: speed starts over. */
  reset(): void {
    this.lastAt = undefined;
    this.speed = 0;
    this.eta = undefined;
  }

  get speedBps(): number {
    return Math.round(this.speed);
  }

  get etaSeconds(): number | undefined {
    return this.eta === undefined ? undefined : Math.max(0, Math.round(this.eta));
  }
}
