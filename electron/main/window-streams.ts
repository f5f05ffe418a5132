import { z } from 'zod';
import type { StreamMessage } from '../../shared/contract/events.js';
import type { EventStream } from '../host/event-stream.js';

export const StreamOpenSchema = z.object({
  id: z.string().min(1).max(64),
  since: z.number().int().min(0).optional(),
  hostRunId: z.string().max(64).optional(),
});
export const StreamCloseSchema = z.object({ id: z.string().min(1).max(64) });

/** Sends one stream message to one subscription of a window (webContents.send). */
export type WindowSend = (subscriptionId: string, message: StreamMessage) => void;

const MAX_STREAMS_PER_WINDOW = 16;

/**
 * The event stream per window (Fiddle's lesson: nothing is pushed before the renderer asks).
 * A renderer's open *is* its ready signal: until then its events wait in the host's replay
 * buffer, and it gets them (or a resync) when it opens. A reload or a crashed renderer drops
 * the window's streams, so nothing is sent to a page that did not ask.
 */
export class WindowStreams {
  private readonly windows = new Map<number, Map<string, () => void>>();

  constructor(private readonly stream: EventStream) {}

  open(contentsId: number, payload: unknown, send: WindowSend): void {
    const request = StreamOpenSchema.parse(payload);
    let streams = this.windows.get(contentsId);
    if (!streams) {
      streams = new Map();
      this.windows.set(contentsId, streams);
    }
    streams.get(request.id)?.();
    streams.delete(request.id);
    if (streams.size >= MAX_STREAMS_PER_WINDOW) throw new Error('Too many event streams for one window.');
    const close = this.stream.open(request.since, (message) => send(request.id, message), request.hostRunId);
    streams.set(request.id, close);
  }

  close(contentsId: number, payload: unknown): void {
    const { id } = StreamCloseSchema.parse(payload);
    const streams = this.windows.get(contentsId);
    streams?.get(id)?.();
    streams?.delete(id);
  }

  /** The window navigated, reloaded, crashed or closed. */
  dropWindow(contentsId: number): void {
    for (const close of this.windows.get(contentsId)?.values() ?? []) close();
    this.windows.delete(contentsId);
  }

  get openCount(): number {
    let count = 0;
    for (const streams of this.windows.values()) count += streams.size;
    return count;
  }
}
