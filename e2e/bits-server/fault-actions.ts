import type { Exchange } from './exchange.js';
import type { FaultAction } from './faults.js';
import { type Ack, type AckStyle, CONTEXT, formatHresult, HRESULT } from './response.js';
import type { ServerContext } from './types.js';

/** Header lines written per burst by `raw` with `endless`. */
const ENDLESS_BURST = 64;

/**
 * Faults that replace processing altogether (the request is not handled, only answered or cut).
 * Returns true when the exchange is finished. `asAck` chooses Ack form (BITS_POST) over plain HTTP.
 */
export async function applyReplacingFault(ctx: ServerContext, x: Exchange, asAck: boolean): Promise<boolean> {
  const action = x.action;
  if (!action) return false;
  const packet = x.headers.get('bits-packet-type')?.toLowerCase();
  const sessionId = packet === 'ping' ? undefined : x.headers.get('bits-session-id');
  switch (action.type) {
    case 'cut-mid-body':
      await x.body.discard(action.afterBytes ?? Math.floor(x.body.length / 2));
      x.destroy();
      return true;
    case 'status': {
      await x.finishBody();
      const error = action.errorCode
        ? { code: action.errorCode, context: action.context ?? CONTEXT.server }
        : undefined;
      if (asAck)
        x.sendAck({
          status: action.status,
          sessionId,
          error,
          headers: action.headers,
          reason: action.reason,
        });
      else x.sendPlain(action.status, action.headers, action.reason);
      return true;
    }
    case 'too-large':
      await x.finishBody();
      if (asAck) x.sendAck({ status: 413, sessionId });
      else x.sendPlain(413);
      return true;
    case 'out-of-sync': {
      await x.finishBody();
      const cursor = action.cursor ?? (sessionId ? ctx.sessions.get(sessionId)?.received : undefined) ?? 0;
      const error = { code: formatHresult(HRESULT.none), context: CONTEXT.server };
      x.sendAck({ status: 416, sessionId, cursor, error });
      return true;
    }
    case 'raw':
      await x.finishBody();
      await sendRaw(ctx, x, action);
      return true;
    default:
      return false;
  }
}

/** Faults that change how an otherwise normal Ack is written. */
export function ackStyleFor(action: FaultAction | undefined): AckStyle {
  switch (action?.type) {
    case 'lowercase-headers':
      return { lowercase: true };
    case 'bits-error-only':
      return { errorOnly: true };
    case 'misspelled-cursor':
      return { misspelledCursor: true };
    case 'omit-session-id':
      return { omitSessionId: true };
    case 'close-after':
      return { close: true };
    default:
      return {};
  }
}

/**
 * Sends a processed request's answer unless a fault loses it (drop-ack) or delays it (stall).
 * `send` writes the real answer; a stalled answer is dropped if the connection went away meanwhile.
 */
export async function deliver(
  ctx: ServerContext,
  x: Exchange,
  send: () => void | Promise<void>,
): Promise<void> {
  const action = x.action;
  if (action?.type === 'drop-ack') {
    x.destroy();
    return;
  }
  if (action?.type === 'stall') {
    await x.wait(action.ms, ctx.signal);
    if (x.conn.isClosed || ctx.signal.aborted) return;
  }
  await send();
}

export function sendAckWithFaults(ctx: ServerContext, x: Exchange, ack: Ack): Promise<void> {
  return deliver(ctx, x, () => x.sendAck(ack, ackStyleFor(x.action)));
}

async function sendRaw(
  ctx: ServerContext,
  x: Exchange,
  action: Extract<FaultAction, { type: 'raw' }>,
): Promise<void> {
  const bytes =
    typeof action.response === 'string' ? Buffer.from(action.response, 'latin1') : action.response;
  const status = /^HTTP\/\d\.\d (\d{3})/.exec(bytes.subarray(0, 16).toString('latin1'))?.[1];
  x.send(bytes, status ? Number(status) : 0);
  if (action.endless) {
    // Header lines forever (until the client gives up), with backpressure and a yield per burst.
    for (let i = 0; !x.conn.isClosed && !ctx.signal.aborted; ) {
      let burst = '';
      for (let j = 0; j < ENDLESS_BURST; j++, i++) burst += `X-Endless-${i}: ${'x'.repeat(64)}\r\n`;
      x.conn.write(burst);
      await x.conn.drained();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return;
  }
  if (action.hang) {
    await x.wait(Number.POSITIVE_INFINITY, ctx.signal);
    return;
  }
  if (action.close) x.closeAfter = true;
}
