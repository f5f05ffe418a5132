import { z } from 'zod';
import { WireErrorSchema } from '../../shared/contract/core-api.js';
import { StreamMessageSchema } from '../../shared/contract/events.js';

/**
 * The control socket speaks newline-delimited JSON, one message per line:
 * - client → host: `{ id, channel, payload }` runs a contract channel;
 *   `{ id, subscribe: { since?, run? } }` opens the event stream on this connection.
 * - host → client: `{ id, ok: true, result }` | `{ id, ok: false, error }` answers a call;
 *   `{ stream: StreamMessage }` carries the event stream (events.ts).
 */
export const ClientMessageSchema = z.union([
  z.object({ id: z.number().int(), channel: z.string().max(100), payload: z.unknown().optional() }),
  z.object({
    id: z.number().int(),
    subscribe: z.object({ since: z.number().int().min(0).optional(), run: z.string().max(64).optional() }),
  }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const HostMessageSchema = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: WireErrorSchema }),
  z.object({ stream: StreamMessageSchema }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

/** A line longer than this ends the connection (jobs:add-many of 10,000 jobs fits). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Splits a byte stream into lines; throws past the limit. */
export class LineSplitter {
  private pending = '';

  constructor(private readonly limit = MAX_LINE_BYTES) {}

  push(chunk: string): string[] {
    this.pending += chunk;
    const lines = this.pending.split('\n');
    this.pending = lines.pop()!;
    if (this.pending.length > this.limit)
      throw new RangeError(`A control message is longer than ${this.limit} bytes.`);
    return lines.filter((line) => line.trim() !== '');
  }
}
