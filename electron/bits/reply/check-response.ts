import { protocolError } from '../errors.js';
import type { HttpResponse } from '../http/transport.js';
import { parseContentLength, parseContentRange } from './http-values.js';
import { missingSizeError, responseEvidence } from './reply-errors.js';

/**
 * The reply bytes must reach the disk exactly as stored on the server; we ask for identity and
 * refuse anything else, since a compressed body would be written as garbage at byte offsets.
 */
export function checkIdentityEncoding(description: string, response: HttpResponse): void {
  const encoding = response.headers.get('Content-Encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw protocolError(
      `The server sent the reply compressed (Content-Encoding: ${encoding}) although it was asked not to.`,
      'reply',
      responseEvidence(description, response),
    );
  }
}

/** Content-Length that must be present (or may be absent) and must be a plain number. */
export function contentLengthOf(description: string, response: HttpResponse): number | undefined {
  const length = parseContentLength(response.headers.get('Content-Length'));
  if (length === 'invalid') {
    throw protocolError(
      `The server sent an invalid Content-Length (${JSON.stringify(response.headers.get('Content-Length'))}).`,
      'reply',
      responseEvidence(description, response),
    );
  }
  return length;
}

export interface CheckedRange {
  first: number;
  last: number;
  total: number;
  length: number;
}

/**
 * Validates a 206 against what was asked (§11.1): `Content-Range: bytes a-b/total` starting where we
 * are, ending where we asked (or anywhere up to the end for an open-ended request), and a
 * Content-Length equal to the range. Total mismatches are left to the caller: they mean "changed".
 */
export function checkPartial(
  description: string,
  response: HttpResponse,
  offset: number,
  end: number | undefined,
): CheckedRange {
  const evidence = responseEvidence(description, response);
  const raw = response.headers.get('Content-Range');
  const range = parseContentRange(raw);
  if (!range) {
    throw protocolError(
      raw === undefined
        ? 'The server answered a range request with 206 Partial Content but no Content-Range.'
        : `The server sent an invalid Content-Range (${JSON.stringify(raw)}).`,
      'reply',
      evidence,
    );
  }
  if (range.first !== offset || (end !== undefined && range.last !== end)) {
    const asked = `${offset}-${end ?? ''}`;
    throw protocolError(
      `The server sent bytes ${range.first}-${range.last} of the reply when asked for ${asked}.`,
      'reply',
      evidence,
    );
  }
  if (range.total === undefined) throw missingSizeError(evidence);
  const length = range.last - range.first + 1;
  const declared = contentLengthOf(description, response);
  if (declared !== length) {
    throw protocolError(
      declared === undefined
        ? `The server sent bytes ${range.first}-${range.last} without a Content-Length.`
        : `The server's Content-Length (${declared}) does not match its Content-Range (${length} bytes).`,
      'reply',
      evidence,
    );
  }
  return { first: range.first, last: range.last, total: range.total, length };
}
