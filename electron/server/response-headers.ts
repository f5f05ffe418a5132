import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WireError } from '../../shared/contract/core-api.js';

/** Headers on every answer of `serve`. */
export function securityHeaders(): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const text = JSON.stringify(body === undefined ? null : body);
  response.writeHead(status, {
    ...securityHeaders(),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

export function sendError(response: ServerResponse, status: number, error: WireError): void {
  sendJson(response, status, { error });
}

/**
 * Answers before the body was read (413, or an early error): the client only sees the answer
 * if we keep reading for a while (closing on unread data resets the connection), so the rest
 * is discarded, up to a bound, then the connection is closed.
 */
export function answerAndDiscard(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  error: WireError,
): void {
  response.setHeader('Connection', 'close');
  sendError(response, status, error);
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > 4 * 1024 * 1024) request.destroy();
  });
  request.on('error', () => undefined);
  setTimeout(() => request.destroy(), 5_000).unref();
}
