import path from 'node:path';

/** IIS keeps request and reply files in this folder beside the upload; uploads may not target it. */
export const SESSIONS_DIR = 'BITS-Sessions';

export interface UrlPath {
  /** The path as sent (still percent-encoded), without the query string. */
  raw: string;
  /** Decoded segments; the last one is '' when the path ends with '/'. */
  segments: string[];
  /** Decoded path joined with '/', starting with '/'. */
  decoded: string;
}

/**
 * Decodes the path of a request target (origin-form or absolute-form). Undefined for anything
 * that could escape the root: '..' or '.' segments, NUL, back-slashes (raw or %5C), encoded '/'.
 */
export function parseUrlPath(target: string): UrlPath | undefined {
  let raw = target;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    const slash = raw.indexOf('/', raw.indexOf('//') + 2);
    raw = slash < 0 ? '/' : raw.slice(slash);
  }
  const q = raw.search(/[?#]/);
  if (q >= 0) raw = raw.slice(0, q);
  if (!raw.startsWith('/') || raw.includes('\\')) return undefined;
  const segments: string[] = [];
  const parts = raw.slice(1).split('/');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    if (segment === '..' || segment === '.') return undefined;
    if (/[\\/\0]/.test(segment)) return undefined;
    // Empty inner segments ('//') collapse; a trailing empty one marks a directory URL.
    if (segment === '' && i < parts.length - 1) continue;
    segments.push(segment);
  }
  return { raw, segments, decoded: `/${segments.join('/')}` };
}

/** The file a decoded path maps to; always inside `root` because segments were checked. */
export function resolveUnderRoot(root: string, segments: readonly string[]): string {
  const resolved = path.resolve(root, ...segments);
  const base = path.resolve(root);
  if (resolved !== base && !resolved.startsWith(base + path.sep))
    throw new Error(`path escapes root: ${resolved}`);
  return resolved;
}

/** True for /.../BITS-Sessions/Replies/<something>: the only files GET and HEAD serve. */
export function isReplyPath(segments: readonly string[]): boolean {
  for (let i = 0; i + 2 < segments.length; i++) {
    if (segments[i]!.toLowerCase() === 'bits-sessions' && segments[i + 1]!.toLowerCase() === 'replies')
      return true;
  }
  return false;
}

/** Upload targets may not live inside a BITS-Sessions folder (that is where session data lives). */
export function isReservedUploadPath(segments: readonly string[]): boolean {
  return segments.some((s) => s.toLowerCase() === SESSIONS_DIR.toLowerCase());
}

export interface SessionFiles {
  destination: string;
  /** Folder holding the temp file; removed when the session ends. */
  workDir: string;
  tempPath: string;
  replyDir: string;
  replyPath: string;
}

/** IIS layout: <upload dir>/BITS-Sessions/{Requests,Replies}/{SESSION}/... (wire capture §8.3). */
export function sessionFiles(root: string, segments: readonly string[], sessionId: string): SessionFiles {
  const destination = resolveUnderRoot(root, segments);
  const dir = path.dirname(destination);
  const workDir = path.join(dir, SESSIONS_DIR, 'Requests', sessionId);
  const replyDir = path.join(dir, SESSIONS_DIR, 'Replies', sessionId);
  return {
    destination,
    workDir,
    tempPath: path.join(workDir, 'requestfile.bin'),
    replyDir,
    replyPath: path.join(replyDir, 'responsefile.bin'),
  };
}

export type ReplyUrlStyle = 'iis-relative' | 'relative' | 'absolute';

/**
 * BITS-Reply-URL for a session. 'iis-relative' is byte-for-byte what IIS sends (back-slashes and
 * raw braces, relative to the upload URL's folder); the others are the tidy forms a client must
 * also resolve.
 */
export function replyUrl(
  style: ReplyUrlStyle,
  sessionId: string,
  origin: string,
  uploadRawPath: string,
): string {
  if (style === 'iis-relative') return `${SESSIONS_DIR}\\Replies\\${sessionId}\\responsefile.bin`;
  const relative = `${SESSIONS_DIR}/Replies/${encodeURIComponent(sessionId)}/responsefile.bin`;
  if (style === 'relative') return relative;
  const dir = uploadRawPath.slice(0, uploadRawPath.lastIndexOf('/') + 1);
  return `${origin}${dir}${relative}`;
}
