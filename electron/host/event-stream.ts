import { randomUUID } from 'node:crypto';
import type { CoreEvent } from '../../shared/contract/core-api.js';
import { EVENT_REPLAY_BUFFER, type EventEnvelope, type StreamMessage } from '../../shared/contract/events.js';

export interface EventStreamOptions {
  /** How many past events to keep for replay (default EVENT_REPLAY_BUFFER). */
  bufferSize?: number;
  hostRunId?: string;
}

export type StreamListener = (message: StreamMessage) => void;

/**
 * The host-side event sequencer (events.ts): numbers the core's events 1, 2, 3, ..., keeps the
 * last ones for replay, and opens streams that replay what a client missed (or ask it to
 * resync) before live events. One per host process, shared by every transport it serves.
 * Progress arrives already coalesced by the engine (~10/s per job); this adds nothing to it.
 */
export class EventStream {
  readonly hostRunId: string;
  private readonly size: number;
  private readonly buffer: EventEnvelope[] = [];
  private readonly listeners = new Set<StreamListener>();
  private lastSeq = 0;
  private readonly unsubscribe: () => void;

  constructor(
    subscribe: (listener: (event: CoreEvent) => void) => () => void,
    options: EventStreamOptions = {},
  ) {
    this.size = Math.max(1, options.bufferSize ?? EVENT_REPLAY_BUFFER);
    this.hostRunId = options.hostRunId ?? randomUUID();
    this.unsubscribe = subscribe((event) => this.publish(event));
  }

  /** The newest sequence number given out (0 before any event). */
  get seq(): number {
    return this.lastSeq;
  }

  /**
   * Opens a stream: replays events after `since` when the buffer still has all of them (and
   * `hostRunId`, when the client sends it, is this run's), then `ready`, then live events.
   * Returns the function that closes it.
   */
  open(since: number | undefined, listener: StreamListener, hostRunId?: string): () => void {
    const replayable =
      since !== undefined &&
      (hostRunId === undefined || hostRunId === this.hostRunId) &&
      since <= this.lastSeq &&
      since >= this.oldestReplayableSince();
    if (replayable) {
      for (const envelope of this.buffer) if (envelope.seq > since) listener(envelope);
    }
    listener({ kind: 'ready', seq: this.lastSeq, resync: !replayable, hostRunId: this.hostRunId });
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get clientCount(): number {
    return this.listeners.size;
  }

  /** Stops listening to the core; open streams get nothing more. */
  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  /** The smallest `since` the buffer can still serve without a gap. */
  private oldestReplayableSince(): number {
    const oldest = this.buffer[0];
    return oldest ? oldest.seq - 1 : this.lastSeq;
  }

  private publish(event: CoreEvent): void {
    const envelope: EventEnvelope = { kind: 'event', seq: ++this.lastSeq, event };
    this.buffer.push(envelope);
    if (this.buffer.length > this.size) this.buffer.shift();
    for (const listener of this.listeners) {
      try {
        listener(envelope);
      } catch {
        // One broken client must not stop the others; its transport closes it.
      }
    }
  }
}
