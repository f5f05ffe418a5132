import { z } from 'zod';
import { CoreEventSchema } from './core-api.js';

/**
 * The event stream every host carries (Electron IPC, the headless host's WebSocket, the control
 * socket). Each core event gets a sequence number from the host (1, 2, 3, ... per host process),
 * so a client that reconnects can ask for what it missed instead of guessing.
 *
 * A client's recipe (architecture.md, "subscribe first, then snapshot"):
 * 1. open the stream, passing the last `seq` it applied (none on first connect);
 * 2. the host replays every buffered event after that `seq`, then sends `ready`. `ready.resync`
 *    is true when the host could not replay (first connect, a host restart, or the gap is older
 *    than its buffer): the client then takes a snapshot (`jobs:list`, `settings:get`, ...) and
 *    applies events that arrive meanwhile on top (a job's `updatedAt` strictly increases, so an
 *    event older than the snapshot's copy of a job is dropped);
 * 3. after `ready`, events arrive in `seq` order without gaps or duplicates.
 */
export const EventEnvelopeSchema = z.object({
  kind: z.literal('event'),
  seq: z.number().int().min(1),
  event: CoreEventSchema,
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

export const StreamReadySchema = z.object({
  kind: z.literal('ready'),
  /** The newest sequence number the host has given out (0 before any event). */
  seq: z.number().int().min(0),
  /** True when the client must take a fresh snapshot (nothing could be replayed). */
  resync: z.boolean(),
  /** Identifies the host process: a different value after a reconnect means the host restarted. */
  hostRunId: z.string().max(64),
});
export type StreamReady = z.infer<typeof StreamReadySchema>;

export const StreamMessageSchema = z.discriminatedUnion('kind', [EventEnvelopeSchema, StreamReadySchema]);
export type StreamMessage = z.infer<typeof StreamMessageSchema>;

/** How many past events a host keeps for replay after a reconnect. */
export const EVENT_REPLAY_BUFFER = 2_000;
