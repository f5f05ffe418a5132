import { describe, expect, it } from 'vitest';
import { ERROR_CONTEXT, formatHresult, HRESULT, httpStatusToHresult } from './bits-codes.js';
import { type ErrorFacts, explainError } from './error-explain.js';

const base = { context: ERROR_CONTEXT.REMOTE_FILE, classification: 'fatal', phase: 'upload' } as const;

function facts(code: number, extra: Partial<ErrorFacts> = {}): ErrorFacts {
  return { ...base, code: formatHresult(code), ...extra };
}

describe('explainError', () => {
  it('says the server forgot the session, with its code, and that the upload starts over', () => {
    const words = explainError(facts(HRESULT.BG_E_SESSION_NOT_FOUND, { classification: 'transient' }));
    expect(words.summary).toBe('The server forgot this upload session (0x8020001F).');
    expect(words.next).toBe('It starts again from the beginning.');
    expect(words.codeName).toBe('BG_E_SESSION_NOT_FOUND');
    expect(words.reason).not.toContain('0x');
  });

  it.each([
    [
      HRESULT.BG_E_TOO_LARGE,
      { httpStatus: 500 },
      'The file is larger than this server accepts',
      'raise the upload limit',
    ],
    [HRESULT.BG_E_TOO_LARGE, { phase: 'reply' as const }, 'reply is over the size or time limit', 'Settings'],
    [HRESULT.ERROR_DISK_FULL, { classification: 'transient' as const }, 'out of disk space', ''],
    [HRESULT.ERROR_DISK_FULL_AS_PRINTED, { classification: 'transient' as const }, 'out of disk space', ''],
    [
      HRESULT.BG_E_NO_PROGRESS,
      { context: ERROR_CONTEXT.GENERAL_QUEUE_MANAGER },
      'No progress for too long',
      'reachable',
    ],
    [HRESULT.BG_E_NO_PROGRESS, { classification: 'transient' as const }, 'without accepting any data', ''],
    [
      HRESULT.BG_E_CONNECT_FAILURE,
      { classification: 'transient' as const },
      'Could not connect to the server',
      'network',
    ],
    [
      HRESULT.BG_E_CONNECT_FAILURE,
      { message: 'Could not connect to the proxy proxy.corp:3128 (ECONNREFUSED).' },
      'The proxy could not be used',
      '',
    ],
    [
      HRESULT.BG_E_CONNECTION_CLOSED,
      { classification: 'transient' as const },
      'connection to the server dropped',
      '',
    ],
    [
      HRESULT.ERROR_WINHTTP_TIMEOUT,
      { classification: 'transient' as const },
      'stopped answering in time',
      '',
    ],
    [HRESULT.ERROR_WINHTTP_SECURE_FAILURE, {}, 'secure connection to the server failed', 'certificate'],
    [HRESULT.BG_E_INVALID_SERVER_RESPONSE, {}, 'the BITS protocol does not allow', 'BITS upload endpoint'],
    [
      HRESULT.BG_E_INVALID_SERVER_RESPONSE,
      { phase: 'reply' as const, classification: 'transient' as const },
      'reply changed on the server',
      '',
    ],
    [
      HRESULT.BG_E_LOCAL_FILE_CHANGED,
      { context: ERROR_CONTEXT.LOCAL_FILE },
      'changed after the upload began',
      'stops changing',
    ],
    [
      HRESULT.BG_E_LOCAL_FILE_CHANGED,
      { message: 'The file /a/b no longer exists (moved or deleted while the app was closed).' },
      'The file on this computer is gone',
      'Put the file back',
    ],
    [HRESULT.BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH, {}, 'upload protocol this app does not', ''],
    [HRESULT.BG_E_MISSING_FILE_SIZE, { phase: 'reply' as const }, 'how large its reply is', 'static files'],
    [HRESULT.BG_E_INSUFFICIENT_RANGE_SUPPORT, { phase: 'reply' as const }, 'continue a reply download', ''],
    [
      0x80070017,
      { phase: 'close' as const },
      'different bytes from those in this file',
      'upload the file again',
    ],
    [HRESULT.E_ACCESSDENIED, { httpStatus: 501 }, 'BITS uploads are not enabled at this URL', 'enable BITS'],
    [HRESULT.E_ABORT, { classification: 'transient' as const }, 'The transfer was stopped', ''],
    [
      HRESULT.E_FAIL,
      { context: ERROR_CONTEXT.LOCAL_FILE, phase: 'local-file' as const },
      'cannot be read',
      '',
    ],
    [
      HRESULT.E_FAIL,
      { context: ERROR_CONTEXT.LOCAL_FILE, phase: 'reply' as const },
      'reply could not be saved',
      '',
    ],
    [
      HRESULT.E_FAIL,
      {
        context: ERROR_CONTEXT.GENERAL_QUEUE_MANAGER,
        message: 'The saved password for this job cannot be read; enter it again (no key).',
      },
      'saved password or headers',
      '',
    ],
    [
      HRESULT.E_FAIL,
      {
        context: ERROR_CONTEXT.GENERAL_QUEUE_MANAGER,
        message: 'The saved details of this job are damaged (session).',
      },
      'details of this job are damaged',
      '',
    ],
    [HRESULT.E_FAIL, { context: ERROR_CONTEXT.GENERAL_TRANSPORT }, 'proxy setting cannot be used', ''],
  ])('%s %o reads “%s”', (code, extra, reason, todo) => {
    const words = explainError(facts(code, extra));
    expect(words.reason).toContain(reason);
    expect(words.summary).toContain(`(${formatHresult(code)})`);
    if (todo) expect(words.hint).toContain(todo);
  });

  it.each([
    [401, 'needs a user name and password'],
    [403, 'refused the upload'],
    [404, 'no BITS upload endpoint'],
    [405, 'does not accept BITS uploads'],
    [407, 'proxy needs a user name and password'],
    [409, 'already exists'],
    [413, 'smallest fragment size'],
    [429, 'busy'],
    [302, 'redirected'],
    [500, 'internal problem'],
    [503, 'unavailable for now'],
    [505, 'HTTP/1.1'],
    [418, 'refused the request (HTTP 418)'],
  ])('HTTP %i (as BG_E_HTTP_ERROR) reads “%s”', (status, reason) => {
    const words = explainError(facts(httpStatusToHresult(status), { httpStatus: status }));
    expect(words.reason).toContain(reason);
    expect(words.codeName).toBe('BG_E_HTTP_ERROR');
  });

  it('names a server application failure before the status it came with', () => {
    const words = explainError(
      facts(httpStatusToHresult(500), { httpStatus: 500, context: ERROR_CONTEXT.REMOTE_APPLICATION }),
    );
    expect(words.reason).toContain('application behind it failed');
    expect(words.contextName).toBe('the server application');
  });

  it('tells what happens next from the retry class, and prefers the engine’s own hint', () => {
    const transient = explainError(
      facts(httpStatusToHresult(502), { classification: 'transient', httpStatus: 502 }),
    );
    expect(transient.next).toBe('It will be retried automatically.');
    const fatal = explainError(
      facts(httpStatusToHresult(403), { httpStatus: 403, hint: 'Ask Ann for access.' }),
    );
    expect(fatal.next).toContain('The job has stopped');
    expect(fatal.hint).toBe('Ask Ann for access.');
    // A hint written for the command line gives way to words that fit the window too.
    const tls = explainError(
      facts(HRESULT.ERROR_WINHTTP_SECURE_FAILURE, { hint: 'Pass the issuing CA with --ca <file>.' }),
    );
    expect(tls.hint).toContain('give the job its certificate');
  });

  it('every HRESULT the app knows has its own words, not the fallback', () => {
    for (const [name, code] of Object.entries(HRESULT)) {
      const words = explainError(facts(code, { context: ERROR_CONTEXT.LOCAL_FILE }));
      expect(words.reason, name).not.toContain('does not know');
    }
  });

  it('an unknown code from a server still reads as a sentence with the code', () => {
    const words = explainError(facts(0x80201234));
    expect(words.summary).toBe('The server reported an error this app does not know (0x80201234).');
    expect(words.codeName).toBeUndefined();
    expect(explainError(facts(0x80072efe, { message: 'connection lost.' })).reason).toBe('connection lost');
  });
});
