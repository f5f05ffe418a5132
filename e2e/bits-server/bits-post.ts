import { mkdir, stat, writeFile } from 'node:fs/promises';
import { releaseSession, storageHresult } from './completion.js';
import type { Exchange } from './exchange.js';
import { applyReplacingFault, sendAckWithFaults } from './fault-actions.js';
import type { PacketName } from './faults.js';
import { handleFragment } from './fragment.js';
import { rewindSession } from './fragment-writer.js';
import { isReservedUploadPath, parseUrlPath, resolveUnderRoot, type UrlPath } from './paths.js';
import { checkReprDigest } from './repr-digest.js';
import { type Ack, errorAck, HRESULT } from './response.js';
import type { ServerContext } from './types.js';

/** "BITS 1.5 Upload Protocol", the only upload protocol there is (§1). */
export const UPLOAD_PROTOCOL = '{7df0354d-249b-430f-820d-3d2a9bef4931}';

const PACKETS: ReadonlyMap<string, PacketName> = new Map(
  (['Ping', 'Create-Session', 'Fragment', 'Close-Session', 'Cancel-Session'] as const).map((p) => [
    p.toLowerCase(),
    p,
  ]),
);

/** Packet types are matched case-insensitively (§2.3: clients send `pinG`, `FRAGMENT` ...). */
export function packetName(value: string | undefined): PacketName | undefined {
  return value === undefined ? undefined : PACKETS.get(value.trim().toLowerCase());
}

/** Handles one BITS_POST: faults first, then the packet, then the Ack (possibly faulted too). */
export async function handleBitsPost(ctx: ServerContext, x: Exchange): Promise<void> {
  if (await applyReplacingFault(ctx, x, true)) return;
  const ack = await processPacket(ctx, x);
  await x.finishBody();
  await sendAckWithFaults(ctx, x, ack);
}

/** Common validation (§7.3), then dispatch. Session packets run under the session's lock. */
async function processPacket(ctx: ServerContext, x: Exchange): Promise<Ack> {
  const packet = packetName(x.headers.get('bits-packet-type'));
  const requestId = x.headers.get('bits-session-id');
  const echoId = packet === 'Ping' ? undefined : requestId;
  const invalid = errorAck(400, HRESULT.invalidArg, echoId);
  if (ctx.options.uploadsEnabled === false) return errorAck(501, HRESULT.accessDenied, echoId);
  // §2.2: every request carries Content-Length, and it is 0 on every packet but Fragment.
  if (!packet || x.head.oversizedValue || !x.lengthDeclared) return invalid;
  if (packet !== 'Fragment' && x.body.length > 0) return invalid;
  const url = parseUrlPath(x.head.target);
  if (!url || isReservedUploadPath(url.segments)) return invalid;
  if (packet === 'Ping') return { status: 200 };
  if (packet === 'Create-Session') return createSession(ctx, x, url);
  if (!requestId) return invalid;
  return ctx.sessions.exclusive(requestId, async () => {
    if (x.action?.type === 'forget-session') ctx.sessions.delete(requestId);
    const session = ctx.sessions.get(requestId);
    if (!session) return errorAck(500, HRESULT.sessionNotFound, requestId);
    if (x.action?.type === 'cursor-back') await rewindSession(session, x.action.to);
    if (packet === 'Fragment') return handleFragment(ctx, x, session, requestId);
    if (packet === 'Close-Session' && !ctx.options.ignoreReprDigest) {
      const mismatch = await checkReprDigest(session, x.headers.get('repr-digest'), requestId);
      if (mismatch) return mismatch;
    }
    // Close and Cancel release the same things: partial data, the reply, the session. A committed
    // upload stays where it is either way (Cancel after the final fragment cannot undo it).
    await releaseSession(ctx, session);
    return { status: 200, sessionId: requestId };
  });
}

/** §3.2: negotiate the protocol, check the destination, allocate the session and its temp file. */
async function createSession(ctx: ServerContext, x: Exchange, url: UrlPath): Promise<Ack> {
  const invalid = errorAck(400, HRESULT.invalidArg);
  const offered = (x.headers.get('bits-supported-protocols') ?? '').split(/[\s,]+/).filter(Boolean);
  if (!offered.some((guid) => guid.toLowerCase() === UPLOAD_PROTOCOL)) return invalid;
  if (url.segments.at(-1) === '') return invalid;
  const destination = resolveUnderRoot(ctx.root, url.segments);
  const existing = await stat(destination).catch(() => undefined);
  if (existing?.isDirectory()) return invalid;
  if (existing && ctx.options.allowOverwrites === false) return errorAck(403, HRESULT.accessDenied);

  const kind = url.decoded.startsWith(ctx.replyPathPrefix) ? 'upload-reply' : 'upload';
  const session = ctx.sessions.create({
    kind,
    urlPath: url.decoded,
    rawPath: url.raw,
    root: ctx.root,
    storage: ctx.storage,
  });
  if (session.storage === 'disk') {
    try {
      await mkdir(session.files.workDir, { recursive: true });
      await writeFile(session.files.tempPath, '');
    } catch (err) {
      ctx.sessions.remove(session.id);
      const code = (err as NodeJS.ErrnoException).code;
      // A path component that is a file: the URL cannot name an upload target.
      if (code === 'ENOTDIR' || code === 'EEXIST') return invalid;
      return errorAck(500, storageHresult(err));
    }
  }
  x.entry.sessionId = session.id;
  const headers: Array<[string, string]> = [
    ['BITS-Protocol', UPLOAD_PROTOCOL],
    ['Accept-Encoding', 'identity'],
  ];
  const { hostId, hostIdFallbackTimeoutSec } = ctx.options;
  if (hostId !== undefined) {
    headers.push(['BITS-Host-Id', hostId]);
    if (hostIdFallbackTimeoutSec !== undefined) {
      headers.push(['BITS-Host-Id-Fallback-Timeout', String(hostIdFallbackTimeoutSec)]);
    }
  }
  return { status: 200, sessionId: session.id, headers };
}
