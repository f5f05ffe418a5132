import { type StreamMessage, StreamMessageSchema } from '../../../shared/contract/events.js';

/**
 * Reads one message of the event stream, checked against the contract. This module is loaded on
 * its own, beside the first screen (http-transport.ts imports it lazily): building the contract's
 * zod schemas is a good part of the page's start-up work, and the first rows need none of it.
 */
export function readStreamMessage(data: string): StreamMessage | undefined {
  try {
    const parsed = StreamMessageSchema.safeParse(JSON.parse(data));
    // A message this build cannot read is skipped; the next resync repairs what it said.
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export type ReadStreamMessage = typeof readStreamMessage;
