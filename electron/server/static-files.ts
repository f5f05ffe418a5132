import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { contentTypeForExtension, RENDERER_CSP } from '../../shared/renderer-page.js';
import { securityHeaders } from './response-headers.js';

/** The page's own rules (one policy for app:// and serve). */
export const PAGE_CSP = RENDERER_CSP;

export function contentTypeFor(path: string): string {
  return contentTypeForExtension(extname(path));
}

/**
 * The file under `root` that a URL path names, or undefined for anything that could reach
 * outside it: malformed escapes, NUL, backslashes, '..' segments (also when percent-encoded).
 * '/' is index.html; other folders are not listed.
 */
export function staticPathFor(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return undefined;
  const segments = decoded.split('/').slice(1);
  if (segments.some((segment) => segment === '..' || segment === '.')) return undefined;
  const path = decoded === '/' ? join(root, 'index.html') : join(root, ...segments);
  const rel = relative(root, path);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`)) return undefined;
  return path;
}

/** GET/HEAD of the renderer build; 404 for anything else it does not have (folders included). */
export async function serveStatic(
  root: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const urlPath = (request.url ?? '/').split('?')[0]!;
  const path = staticPathFor(root, urlPath);
  const info = path ? await stat(path).catch(() => undefined) : undefined;
  if (!path || !info?.isFile()) {
    response.writeHead(404, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Not found.\n');
    return;
  }
  response.writeHead(200, {
    ...securityHeaders(),
    'Content-Security-Policy': PAGE_CSP,
    'Content-Type': contentTypeFor(path),
    'Content-Length': info.size,
    // Hashed asset names may be cached; the page itself must always be fresh.
    'Cache-Control': urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(path)
    .on('error', () => response.destroy())
    .pipe(response);
}
