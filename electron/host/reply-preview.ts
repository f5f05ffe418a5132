import { open } from 'node:fs/promises';
import { REPLY_PREVIEW_MAX_BYTES, type ReplyPreview } from '../../shared/contract/host-api.js';
import type { ReplyFileRef } from './reply-files.js';

/** The start of a reply file as text, with what it looks like (text, JSON, XML or binary). */
export async function previewReply(
  reply: ReplyFileRef,
  maxBytes: number = REPLY_PREVIEW_MAX_BYTES,
): Promise<ReplyPreview> {
  const handle = await open(reply.path, 'r');
  let bytes: Buffer;
  let size: number;
  try {
    size = (await handle.stat()).size;
    const buffer = Buffer.alloc(Math.min(size, maxBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    bytes = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const truncated = size > bytes.length;
  const text = decodeText(bytes, truncated);
  const base = { jobId: reply.jobId, fileName: reply.fileName, bytes: size, truncated };
  if (text === undefined) return { ...base, kind: 'binary', text: '' };
  return { ...base, kind: textKind(text, truncated), text };
}

/** UTF-8 text, or undefined for binary data (NUL bytes, invalid sequences). */
export function decodeText(bytes: Uint8Array, truncated: boolean): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    // stream: a cut through the middle of a multi-byte character at the end is not an error.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes, { stream: truncated });
  } catch {
    return undefined;
  }
}

export function textKind(text: string, truncated: boolean): 'text' | 'json' | 'xml' {
  const start = text.trimStart();
  if (start.startsWith('<')) return 'xml';
  if (start.startsWith('{') || start.startsWith('[')) {
    if (truncated) return 'json';
    try {
      JSON.parse(text);
      return 'json';
    } catch {
      return 'text';
    }
  }
  return 'text';
}
