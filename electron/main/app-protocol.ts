import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { contentTypeForExtension } from '../../shared/renderer-page.js';
import { appResponseHeaders } from './app-csp.js';
import { APP_HOST, APP_SCHEME } from './app-origin.js';

export type AssetLookup = { kind: 'file'; relative: string } | { kind: 'refused'; status: 400 | 404 };

/**
 * The file of the renderer build an app:// URL names, as a path relative to the build folder.
 * Only app://bits-uploader/ URLs; no `..`, no encoded separators, no NUL, no hidden files.
 */
export function lookupAsset(requestUrl: string): AssetLookup {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { kind: 'refused', status: 404 };
  let segments: string[];
  try {
    // Decode per segment, so `%2F` or `%5C` cannot smuggle a separator past the checks.
    segments = url.pathname.split('/').map((part) => decodeURIComponent(part));
  } catch {
    return { kind: 'refused', status: 400 };
  }
  const parts = segments.filter((part) => part !== '');
  for (const part of parts) {
    if (part === '.' || part === '..' || part.startsWith('.')) return { kind: 'refused', status: 404 };
    if (/[\\/\0:]/.test(part)) return { kind: 'refused', status: 400 };
  }
  if (parts.length === 0) return { kind: 'file', relative: 'index.html' };
  return { kind: 'file', relative: parts.join('/') };
}

export function contentTypeFor(file: string): string {
  return contentTypeForExtension(path.extname(file));
}

/**
 * The app:// handler (protocol.handle): the renderer build from `root`, a strict CSP on every
 * answer, no directory listing, and nothing outside `root`, symlinks included.
 */
export function createAppProtocolHandler(root: string) {
  const rootReal = realpath(root).catch(() => path.resolve(root));
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Method not allowed');
    const lookup = lookupAsset(request.url);
    if (lookup.kind === 'refused')
      return refusal(lookup.status, lookup.status === 400 ? 'Bad request' : 'Not found');
    const base = await rootReal;
    let file: string;
    try {
      file = await realpath(path.join(base, ...lookup.relative.split('/')));
    } catch {
      return refusal(404, 'Not found');
    }
    const inside = path.relative(base, file);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return refusal(404, 'Not found');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return refusal(404, 'Not found');
    const headers = { ...appResponseHeaders(contentTypeFor(file)), 'Content-Length': String(info.size) };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers });
  };
}

function refusal(status: number, text: string): Response {
  return new Response(text, { status, headers: appResponseHeaders('text/plain; charset=utf-8') });
}
