import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { replyUrl } from './paths.js';
import { type Ack, CONTEXT, errorAck, HRESULT } from './response.js';
import type { BitsSession } from './session-store.js';
import type { ReplyBuildInput, ServerContext } from './types.js';

/**
 * Runs once the last byte is stored (§7.2 [REC]): publish the upload atomically (rename the temp
 * file onto the destination), then for upload-reply sessions play the server application: hash
 * the upload, write the reply file, wait the configured delay and cache the reply URL. Each step
 * is done at most once; a failed notification is retried on the next final-fragment retry
 * (§6.5). Returns an error Ack on failure, undefined on success.
 */
export async function completeUpload(
  ctx: ServerContext,
  session: BitsSession,
  echoId: string,
): Promise<Ack | undefined> {
  if (!session.committed) {
    try {
      if (session.storage === 'disk') {
        await mkdir(path.dirname(session.files.destination), { recursive: true });
        await rename(session.files.tempPath, session.files.destination);
        await rm(session.files.workDir, { recursive: true, force: true });
      }
      session.committed = true;
    } catch (err) {
      return errorAck(500, storageHresult(err), echoId);
    }
  }
  if (session.kind !== 'upload-reply' || session.replyUrl !== undefined) return undefined;
  try {
    const filePath = session.storage === 'disk' ? session.files.destination : '';
    session.sha256 ??= session.hash ? session.hash.digest('hex') : await hashFile(filePath);
    const upload: ReplyBuildInput = {
      urlPath: session.urlPath,
      filePath,
      size: session.total ?? 0,
      sha256: session.sha256,
    };
    const content = ctx.options.reply?.build ? ctx.options.reply.build(upload) : defaultReply(upload);
    await mkdir(session.files.replyDir, { recursive: true });
    await writeFile(session.files.replyPath, content);
    const delayMs = ctx.options.reply?.delayMs ?? 0;
    if (delayMs > 0) await abortableDelay(delayMs, ctx.signal);
    session.replyUrl = replyUrl(
      ctx.options.reply?.urlStyle ?? 'iis-relative',
      session.id,
      ctx.origin,
      session.rawPath,
    );
    return undefined;
  } catch {
    // The "application" failed: context 0x7, and the next final-fragment retry notifies again.
    return errorAck(500, HRESULT.fail, echoId, CONTEXT.application);
  }
}

/** Close-Session and Cancel-Session: drop the session, its partial data and its reply file. */
export async function releaseSession(ctx: ServerContext, session: BitsSession): Promise<void> {
  ctx.sessions.remove(session.id);
  await rm(session.files.workDir, { recursive: true, force: true });
  await rm(session.files.replyDir, { recursive: true, force: true });
}

/** §5.4 [REC]: disk full is 0x80070070 (a transient error for the client); anything else E_FAIL. */
export function storageHresult(err: unknown): number {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' ? HRESULT.diskFull : HRESULT.fail;
}

function defaultReply(upload: ReplyBuildInput): string {
  return `${JSON.stringify({ path: upload.urlPath, size: upload.size, sha256: upload.sha256 })}\n`;
}

async function hashFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('server closed'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('server closed'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
