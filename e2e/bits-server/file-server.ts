import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Exchange } from './exchange.js';
import { applyReplacingFault, deliver } from './fault-actions.js';
import { isReplyPath, parseUrlPath, resolveUnderRoot } from './paths.js';
import type { ServerContext } from './types.js';

export type RangeChoice = { start: number; end: number; partial: boolean } | 'unsatisfiable';

/**
 * The byte range to serve (§11.1): one `bytes=a-b`, `a-` or `-n`. A malformed or multi-range
 * header is ignored (full 200, as RFC 9110 allows); an If-Range validator that does not match the
 * current ETag or Last-Modified also yields the full body, which is how a client notices a change.
 */
export function chooseRange(
  range: string | undefined,
  ifRange: string | undefined,
  size: number,
  validators: { etag: string; lastModified: string },
): RangeChoice {
  const full = { start: 0, end: size - 1, partial: false };
  if (range === undefined) return full;
  if (ifRange !== undefined && ifRange !== validators.etag && ifRange !== validators.lastModified)
    return full;
  const m = /^bytes=(\d*)-(\d*)$/i.exec(range.trim());
  if (!m || (m[1] === '' && m[2] === '')) return full;
  if (m[1] === '') {
    const suffix = toNumber(m[2]!);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1, partial: true };
  }
  const start = toNumber(m[1]!);
  const last = m[2] === '' ? Number.POSITIVE_INFINITY : toNumber(m[2]!);
  if (last < start) return full;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(last, size - 1), partial: true };
}

/** Digits only (checked by the caller); anything too long for a safe integer is effectively infinite. */
function toNumber(digits: string): number {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : Number.POSITIVE_INFINITY;
}

/** GET and HEAD: reply files only (anything under a BITS-Sessions/Replies/ folder), streamed from disk. */
export async function serveFile(ctx: ServerContext, x: Exchange): Promise<void> {
  if (await applyReplacingFault(ctx, x, false)) return;
  await x.finishBody();
  const url = parseUrlPath(x.head.target);
  if (!url) return deliver(ctx, x, () => x.sendPlain(400));
  const filePath = resolveUnderRoot(ctx.root, url.segments);
  const info = await stat(filePath).catch(() => undefined);
  if (!isReplyPath(url.segments) || !info?.isFile()) {
    // Existing files outside the reply folders (committed uploads) are not for download.
    const status = info && !isReplyPath(url.segments) ? 403 : 404;
    return deliver(ctx, x, () => x.sendPlain(status));
  }
  const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}-${info.ino.toString(16)}"`;
  const lastModified = info.mtime.toUTCString();
  const headers: Array<[string, string]> = [
    ['Content-Type', 'application/octet-stream'],
    ['Accept-Ranges', 'bytes'],
    ['Last-Modified', lastModified],
    ['ETag', etag],
  ];
  const choice = chooseRange(x.headers.get('range'), x.headers.get('if-range'), info.size, {
    etag,
    lastModified,
  });
  if (choice === 'unsatisfiable') {
    headers.push(['Content-Range', `bytes */${info.size}`], ['Content-Length', '0']);
    return deliver(ctx, x, () => x.sendHead(416, headers));
  }
  const length = Math.max(0, choice.end - choice.start + 1);
  if (choice.partial) headers.push(['Content-Range', `bytes ${choice.start}-${choice.end}/${info.size}`]);
  headers.push(['Content-Length', String(length)]);
  await deliver(ctx, x, async () => {
    x.sendHead(choice.partial ? 206 : 200, headers);
    if (x.head.method === 'HEAD') return;
    const cut = x.action?.type === 'cut-response' ? x.action.afterBytes : undefined;
    await streamFile(x, filePath, choice.start, cut === undefined ? length : Math.min(cut, length));
    if (cut !== undefined) {
      // Let the bytes reach the kernel, then cut the connection mid-body.
      await new Promise<void>((resolve) => x.conn.socket.write('', () => resolve()));
      x.destroy();
    }
  });
}

async function streamFile(x: Exchange, filePath: string, start: number, length: number): Promise<void> {
  if (length <= 0) return;
  const stream = createReadStream(filePath, { start, end: start + length - 1, highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream) {
      if (x.conn.isClosed) break;
      x.conn.write(chunk as Buffer);
      await x.conn.drained();
    }
  } catch {
    // The head is out, so the only honest signal left is a cut connection.
    x.destroy();
  } finally {
    stream.destroy();
  }
}
