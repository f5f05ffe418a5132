import { completeUpload, storageHresult } from './completion.js';
import { ConnectionClosedError } from './connection.js';
import type { Exchange } from './exchange.js';
import { storeFragmentBody } from './fragment-writer.js';
import { parseDecimal } from './http-head.js';
import { type Ack, CONTEXT, errorAck, formatHresult, HRESULT } from './response.js';
import type { BitsSession } from './session-store.js';
import type { ServerContext } from './types.js';

export interface FragmentRange {
  first: number;
  last: number;
  total: number;
  /** The unsatisfied-range form with total 0: the empty entity of a zero-byte file (§6.7 [REC]). */
  empty: boolean;
}

/**
 * Strict `bytes first-last/total` (unit case-insensitive, first <= last < total), or the
 * asterisk form with total 0 for an empty file. Anything else is undefined: offsets never go through parseInt.
 */
export function parseContentRange(value: string | undefined): FragmentRange | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^bytes[ \t]+\*\/0$/i.test(text)) return { first: 0, last: -1, total: 0, empty: true };
  const m = /^bytes[ \t]+(\d+)-(\d+)\/(\d+)$/i.exec(text);
  if (!m) return undefined;
  const first = parseDecimal(m[1]!);
  const last = parseDecimal(m[2]!);
  const total = parseDecimal(m[3]!);
  if (first === undefined || last === undefined || total === undefined) return undefined;
  if (!(first <= last && last < total)) return undefined;
  return { first, last, total, empty: false };
}

/**
 * Fragment processing in the [REC] order of §6.2, with the session lock held. The body is always
 * read to its end: stored (new bytes only) or drained.
 */
export async function handleFragment(
  ctx: ServerContext,
  x: Exchange,
  session: BitsSession,
  echoId: string,
): Promise<Ack> {
  const invalid = errorAck(400, HRESULT.invalidArg, echoId);
  const encoding = x.headers.get('content-encoding');
  // §6.9: identity is the only encoding the Create-Session Ack offers.
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return invalid;
  const range = parseContentRange(x.headers.get('content-range'));
  if (!range) return invalid;
  if (x.body.length !== range.last - range.first + 1) return invalid;
  if (session.total !== undefined && session.total !== range.total) return invalid;
  const { maxUploadBytes, maxFragmentBytes } = ctx.options;
  if (maxUploadBytes !== undefined && range.total > maxUploadBytes)
    return errorAck(500, HRESULT.tooLarge, echoId);
  // A bare 413 is what makes a Windows client halve its fragment size (§4.7).
  if (maxFragmentBytes !== undefined && x.body.length > maxFragmentBytes)
    return { status: 413, sessionId: echoId };
  session.total = range.total;

  if (!range.empty && range.first > session.received) {
    // Gap: the server only ever holds one contiguous prefix.
    return {
      status: 416,
      sessionId: echoId,
      cursor: session.received,
      error: { code: formatHresult(HRESULT.none), context: CONTEXT.server },
    };
  }
  const duplicate = !range.empty && range.last < session.received;
  if (!range.empty && range.last >= session.received) {
    try {
      await storeFragmentBody(x.body, session, range.first);
    } catch (err) {
      if (err instanceof ConnectionClosedError) throw err;
      return errorAck(500, storageHresult(err), echoId);
    }
    session.received = range.last + 1;
  }
  if (session.received === session.total) {
    const failed = await completeUpload(ctx, session, echoId);
    if (failed) return failed;
  }
  const done = session.received === session.total;
  // The cached reply URL goes on every Ack that reports completion, so a replayed final fragment
  // (lost Ack) gets the same answer as the first one (§6.5).
  const refused = duplicate && ctx.options.duplicateStatus === 416;
  return {
    status: refused ? 416 : 200,
    sessionId: echoId,
    cursor: session.received,
    replyUrl: done ? session.replyUrl : undefined,
    error: refused ? { code: formatHresult(HRESULT.none), context: CONTEXT.server } : undefined,
  };
}
