import { handleBitsPost, packetName } from './bits-post.js';
import { BodyReader, type Connection, ConnectionClosedError } from './connection.js';
import { Exchange } from './exchange.js';
import { deliver } from './fault-actions.js';
import { serveFile } from './file-server.js';
import { parseContentRange } from './fragment.js';
import { bodyFraming, HeaderMap, parseRequestHead, type RequestHead, wantsKeepAlive } from './http-head.js';
import { errorAck, HRESULT, renderAck } from './response.js';
import type { RequestLogEntry, ServerContext } from './types.js';

/** Time a closing connection keeps swallowing input, so the peer reads our answer instead of a reset. */
const LINGER_MS = 2000;

/** Serves requests on one connection, one after another (keep-alive, pipelined bytes included). */
export async function serveConnection(ctx: ServerContext, conn: Connection): Promise<void> {
  try {
    for (;;) {
      const read = await conn.readHead();
      if (read.kind === 'eof' || read.kind === 'truncated') break;
      const parsed = read.kind === 'head' ? parseRequestHead(read.bytes) : undefined;
      if (!parsed?.ok) {
        // §2.2: an oversized or garbled head is refused whole; framing is lost, so the connection ends.
        ctx.log.push({
          connectionId: conn.id,
          method: '',
          target: '',
          headers: [],
          bodyBytes: 0,
          status: 400,
        });
        conn.write(renderAck(errorAck(400, HRESULT.invalidArg), { close: true }));
        break;
      }
      if (!(await handleRequest(ctx, conn, parsed.head))) break;
      if (ctx.options.closeSilently) {
        await resetOnNextRequest(ctx, conn);
        break;
      }
    }
  } catch (err) {
    if (!(err instanceof ConnectionClosedError)) process.stderr.write(`bits-server: ${String(err)}\n`);
  } finally {
    ctx.auth?.forget(conn.id);
    lingeringClose(conn);
  }
}

/** Handles one request; false when the connection must not be reused. */
async function handleRequest(ctx: ServerContext, conn: Connection, head: RequestHead): Promise<boolean> {
  const headers = new HeaderMap(head.headers);
  const entry: RequestLogEntry = {
    connectionId: conn.id,
    method: head.method,
    target: head.target,
    packetType: headers.get('bits-packet-type'),
    headers: head.headers,
    bodyBytes: 0,
    status: 0,
    sessionId: headers.get('bits-session-id'),
  };
  ctx.log.push(entry);
  const framing = bodyFraming(headers);
  if (!framing.ok) {
    // Chunked or contradictory lengths: the body cannot be skipped reliably, so answer and close.
    conn.write(renderAck(errorAck(400, HRESULT.invalidArg, entry.sessionId), { close: true }));
    entry.status = 400;
    return false;
  }
  const expectContinue = headers.get('expect')?.toLowerCase() === '100-continue';
  const body = new BodyReader(conn, framing.length, expectContinue, (n) => {
    entry.bodyBytes += n;
  });
  const x = new Exchange(conn, head, headers, body, framing.declared, entry, wantsKeepAlive(head, headers));
  try {
    await dispatch(ctx, x);
    if (!conn.isClosed && !x.closeAfter) await x.finishBody();
  } catch (err) {
    if (err instanceof ConnectionClosedError || conn.isClosed) return false;
    process.stderr.write(
      `bits-server: ${head.method} ${head.target}: ${(err as Error).stack ?? String(err)}\n`,
    );
    if (!x.responded) x.sendAck(errorAck(500, HRESULT.fail, entry.sessionId), { close: true });
    return false;
  }
  return !x.closeAfter && !conn.isClosed;
}

async function dispatch(ctx: ServerContext, x: Exchange): Promise<void> {
  const verdict = ctx.auth
    ? await ctx.auth.check(x.conn.id, x.head.method, x.head.target, x.headers.get('authorization'))
    : undefined;
  if (verdict && !verdict.ok) {
    await x.finishBody();
    x.sendPlain(401, verdict.headers);
    return;
  }
  if (verdict?.headers) x.extraHeaders.push(...verdict.headers);
  x.fault = pickFault(ctx, x);
  if (x.fault) x.entry.fault = x.fault.action.type;
  switch (x.head.method) {
    case 'BITS_POST':
      return handleBitsPost(ctx, x);
    case 'GET':
    case 'HEAD':
      return serveFile(ctx, x);
    default:
      await x.finishBody();
      return deliver(ctx, x, () => x.sendPlain(405, [['Allow', 'BITS_POST, GET, HEAD']]));
  }
}

function pickFault(ctx: ServerContext, x: Exchange) {
  const packet = x.head.method === 'BITS_POST' ? packetName(x.headers.get('bits-packet-type')) : undefined;
  const range = packet === 'Fragment' ? parseContentRange(x.headers.get('content-range')) : undefined;
  return ctx.faults.pick({
    method: x.head.method,
    packet,
    range: range && { first: range.first, final: range.last === range.total - 1 },
  });
}

/**
 * The closeSilently quirk: the connection looked reusable, but the next request on it is reset
 * before any byte of an answer (logged with status 0 and fault 'close-silently').
 */
async function resetOnNextRequest(ctx: ServerContext, conn: Connection): Promise<void> {
  const read = await conn.readHead();
  if (read.kind !== 'head') return;
  const parsed = parseRequestHead(read.bytes);
  const head = parsed.ok ? parsed.head : undefined;
  ctx.log.push({
    connectionId: conn.id,
    method: head?.method ?? '',
    target: head?.target ?? '',
    packetType: head && new HeaderMap(head.headers).get('bits-packet-type'),
    headers: head?.headers ?? [],
    bodyBytes: 0,
    status: 0,
    fault: 'close-silently',
  });
  conn.socket.resetAndDestroy();
}

/** Ends the connection gracefully, discarding unread input for a while before giving up on the peer. */
function lingeringClose(conn: Connection): void {
  if (conn.isClosed || conn.socket.destroyed) return;
  conn.socket.end();
  conn.socket.removeAllListeners('data');
  conn.socket.on('data', () => {});
  conn.socket.resume();
  setTimeout(() => conn.destroy(), LINGER_MS).unref();
}
