import { formatEta } from '../../../shared/format.js';

/** What a transferring job's row and the status bar show, smoothed (ui.md, "Smoothness"). */
export interface SmoothedProgress {
  /** Acknowledged bytes: never lower than shown before, unless the server really lost some. */
  bytesAcked: number;
  /** Bytes the server lost and that are being re-sent (0 when none): shown as an event, not a jump. */
  resending: number;
  /** Exponential moving average over a few seconds; undefined until there are two samples. */
  speedBps: number | undefined;
  /** Seconds left at the smoothed speed; it changes at most once per `etaEveryMs`. */
  etaSeconds: number | undefined;
  etaText: string;
}

export interface ProgressSample {
  bytesAcked: number;
  bytesInFlight: number;
  bytesTotal: number;
  /** The engine's own estimate: seeds the average before there are two samples to compare. */
  speedBps?: number;
}

/**
 * Speed and ETA of one job as an exponential moving average (time constant `tauMs`), with the
 * ETA allowed to change at most once per `etaEveryMs` so its text does not flicker. Time comes
 * in as an argument: the tests drive it with a fake clock.
 */
export class ProgressSmoother {
  private lastAt: number | undefined;
  private lastDone = 0;
  private speed: number | undefined;
  private peak = 0;
  private acked = 0;
  private eta: number | undefined;
  private etaAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly tauMs = 3000,
    private readonly etaEveryMs = 1000,
  ) {}

  update(sample: ProgressSample, now: number): SmoothedProgress {
    // Acks arrive in order from the engine: a lower cursor is the server losing bytes, a real event.
    this.acked = sample.bytesAcked;
    this.peak = Math.max(this.peak, sample.bytesAcked);
    const done = sample.bytesAcked + sample.bytesInFlight;
    if (this.lastAt === undefined || done < this.lastDone) {
      // First sample, or a restart: the rate window starts over, the last speed stays meanwhile.
      if (this.lastAt === undefined && sample.speedBps) this.speed = sample.speedBps;
      this.lastAt = now;
      this.lastDone = done;
    } else if (now > this.lastAt) {
      const elapsed = now - this.lastAt;
      const instant = ((done - this.lastDone) * 1000) / elapsed;
      const weight = 1 - Math.exp(-elapsed / this.tauMs);
      this.speed = this.speed === undefined ? instant : this.speed + weight * (instant - this.speed);
      this.lastAt = now;
      this.lastDone = done;
    }
    if (now - this.etaAt >= this.etaEveryMs) {
      const remaining = Math.max(0, sample.bytesTotal - done);
      this.eta = this.speed !== undefined && this.speed > 1 ? remaining / this.speed : undefined;
      this.etaAt = now;
    }
    return this.view();
  }

  view(): SmoothedProgress {
    return {
      bytesAcked: this.acked,
      resending: Math.max(0, this.peak - this.acked),
      speedBps: this.speed === undefined ? undefined : Math.max(0, Math.round(this.speed)),
      etaSeconds: this.eta === undefined ? undefined : Math.ceil(this.eta),
      etaText: this.eta === undefined ? '' : `${formatEta(this.eta)} left`,
    };
  }
}
