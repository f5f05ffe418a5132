import { ERROR_CONTEXT, HRESULT, httpStatusToHresult } from '../../../shared/bits-codes.js';
import { formatBytes } from '../../../shared/format.js';
import { errorFromStatus } from '../classify.js';
import { BitsError, type ErrorEvidence } from '../errors.js';
import type { HttpResponse } from '../http/transport.js';

import { responseEvidence } from '../packets.js';

export { responseEvidence };

/** What the download side says instead of the upload-oriented wording in classify.ts. */
const REPLY_WORDING: Record<number, [string, string]> = {
  403: [
    'The server refused access to the reply file (HTTP 403).',
    'The account used for the upload may not read the reply; ask the server administrator.',
  ],
  404: [
    'The server no longer has the reply file (HTTP 404): it has expired or been deleted.',
    'Servers keep replies only for a limited time. Upload the file again to get a new reply.',
  ],
  405: [
    'The server does not allow downloading the reply file (HTTP 405).',
    'The reply URL the server gave is not downloadable; ask the server administrator.',
  ],
  410: [
    'The server no longer has the reply file (HTTP 410): it has expired or been deleted.',
    'Servers keep replies only for a limited time. Upload the file again to get a new reply.',
  ],
  501: [
    'The server does not support downloading the reply file (HTTP 501).',
    'The reply URL the server gave is not downloadable; ask the server administrator.',
  ],
};

/** An HTTP failure on a reply request, classified by classify.ts and worded for the reply phase. */
export function replyStatusError(request: string, response: HttpResponse): BitsError {
  const base = errorFromStatus({
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    phase: 'reply',
    evidence: responseEvidence(request, response),
  });
  let wording = REPLY_WORDING[response.status];
  if (!wording && response.status >= 300 && response.status < 400) {
    wording = [
      `The server redirected the reply download (HTTP ${response.status}) without a usable Location.`,
      'The server is misconfigured; ask its administrator.',
    ];
  }
  if (!wording) return base;
  return new BitsError(wording[0], {
    code: base.code,
    context: base.context,
    classification: base.classification,
    phase: 'reply',
    httpStatus: base.httpStatus,
    hint: wording[1],
    evidence: base.evidence,
  });
}

export function limitError(message: string, hint: string, evidence: ErrorEvidence): BitsError {
  return new BitsError(message, {
    code: HRESULT.BG_E_TOO_LARGE,
    context: ERROR_CONTEXT.REMOTE_FILE,
    classification: 'fatal',
    phase: 'reply',
    hint,
    evidence,
  });
}

export function sizeLimitError(size: number, maxBytes: number, evidence: ErrorEvidence): BitsError {
  return limitError(
    `The server's reply is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit for reply files.`,
    'Raise the reply size limit in the settings if you expect replies this large.',
    evidence,
  );
}

export function timeLimitError(elapsedMs: number, maxTimeMs: number, evidence: ErrorEvidence): BitsError {
  const minutes = (ms: number) => `${Math.max(1, Math.round(ms / 60_000))} min`;
  return limitError(
    `Downloading the server's reply took ${minutes(elapsedMs)}, over the ${minutes(maxTimeMs)} limit for reply files.`,
    'Raise the reply time limit in the settings if the server is slow or the reply is large.',
    evidence,
  );
}

export function missingSizeError(evidence: ErrorEvidence): BitsError {
  return new BitsError('The server did not say how large the reply file is.', {
    code: HRESULT.BG_E_MISSING_FILE_SIZE,
    context: ERROR_CONTEXT.REMOTE_FILE,
    classification: 'fatal',
    phase: 'reply',
    hint: 'The server (or a proxy) sends the reply without Content-Length or Content-Range, which BITS needs. Ask the server administrator to serve replies as static files.',
    evidence,
  });
}

export function rangeSupportError(offset: number, evidence: ErrorEvidence): BitsError {
  return new BitsError(
    `The server ignored the request to continue the reply at byte ${offset} and sent the whole file again.`,
    {
      code: HRESULT.BG_E_INSUFFICIENT_RANGE_SUPPORT,
      context: ERROR_CONTEXT.REMOTE_FILE,
      classification: 'fatal',
      phase: 'reply',
      hint: 'The server or a proxy does not support HTTP range requests. The partial reply was discarded, so retrying starts it over from the beginning.',
      evidence,
    },
  );
}

export function keepsChangingError(restarts: number, evidence: ErrorEvidence): BitsError {
  return new BitsError(
    `The reply file changed on the server ${restarts} times while it was being downloaded.`,
    {
      code: HRESULT.BG_E_INVALID_SERVER_RESPONSE,
      context: ERROR_CONTEXT.REMOTE_FILE,
      classification: 'transient',
      phase: 'reply',
      hint: 'The server is still writing or replacing the reply. The download will be tried again later.',
      evidence,
    },
  );
}

const CROSS_ORIGIN_HINT =
  'Redirects to other servers are not followed, so the job’s user name, password and custom headers cannot leak to them. Ask the server administrator to serve the reply from the upload server.';

export function redirectError(
  status: number,
  target: string,
  why: string,
  evidence: ErrorEvidence,
  hint = CROSS_ORIGIN_HINT,
): BitsError {
  return new BitsError(`The server redirected the reply download to ${target}, ${why}.`, {
    code: httpStatusToHresult(status),
    context: ERROR_CONTEXT.REMOTE_FILE,
    classification: 'fatal',
    phase: 'reply',
    httpStatus: status,
    hint,
    evidence,
  });
}

/** A local problem with the reply file (directory missing, disk full, permissions). */
export function localFileError(message: string, hint: string, cause?: unknown, path?: string): BitsError {
  const code = (cause as { code?: string } | undefined)?.code;
  const detail = cause instanceof Error ? `${code ?? ''} ${cause.message}`.trim() : undefined;
  return new BitsError(message, {
    code: HRESULT.E_FAIL,
    context: ERROR_CONTEXT.LOCAL_FILE,
    // A full disk can be cleared up and the download resumed; other local failures need the user.
    classification: code === 'ENOSPC' ? 'transient' : 'fatal',
    phase: 'reply',
    hint,
    evidence: { detail: [path, detail].filter(Boolean).join(': ') || undefined },
    cause,
  });
}

/** A failed read/write/rename of the reply's files. */
export function writeError(cause: unknown, path: string): BitsError {
  if ((cause as { code?: string } | undefined)?.code === 'ENOSPC') {
    return localFileError(
      "There is not enough disk space to store the server's reply.",
      'Free some disk space; the reply download resumes where it stopped.',
      cause,
      path,
    );
  }
  return localFileError(
    `The server's reply could not be saved to ${path}.`,
    'Check that the folder for reply files exists and is writable.',
    cause,
    path,
  );
}

/** The destination appeared after the job was added and replacing it was not allowed. */
export function replyExistsError(path: string): BitsError {
  return localFileError(
    `A file already exists at ${path}; the reply was not saved over it.`,
    'Move that file away, or allow replacing it (bits-uploader upload ... --overwrite), then retry: the downloaded reply is kept.',
    undefined,
    path,
  );
}
