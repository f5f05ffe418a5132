import { describe, expect, it } from 'vitest';
import { diagnosticsText } from './diagnostics.js';
import type { Job, JobEvent } from './jobs.js';
import { REDACTED, redactHeaders, redactText } from './redact.js';

describe('redactText', () => {
  it.each([
    ['http://ann:s3cret@proxy.corp:3128', 'http://[redacted]@proxy.corp:3128'],
    ['proxy http://ann:p@ss/w0rd@proxy.corp:8080/ failed', 'proxy http://[redacted]@proxy.corp:8080/ failed'],
    ['https://ann%40corp:p%3Ass@host/up', 'https://[redacted]@host/up'],
    ['Authorization: Basic YW5uOnMzY3JldA==', `Authorization: ${REDACTED}`],
    ['authorization:bearer eyJhbGciOi.J9.x', `authorization: ${REDACTED}`],
    ['  PROXY-AUTHORIZATION :  NTLM TlRMTVNTUAABAAAA', `  PROXY-AUTHORIZATION : ${REDACTED}`],
    ['Cookie: sid=abc123; theme=dark', `Cookie: ${REDACTED}`],
    ['Set-Cookie: SESSION=zzz; HttpOnly', `Set-Cookie: ${REDACTED}`],
    ['sent Bearer abc.DEF-123 to the server', `sent Bearer ${REDACTED} to the server`],
    [
      'GET https://h/r?x=1&sig=Zm9v%2B&token=t0k#f',
      `GET https://h/r?x=1&sig=${REDACTED}&token=${REDACTED}#f`,
    ],
    ['{"user":"ann","password":"hunter2"}', `{"user":"ann","password"${':'}${REDACTED}}`],
    ['password=hunter2 user=ann', `password=${REDACTED} user=ann`],
    ['Digest username="ann", nonce="abc", response="6629fae4"', `Digest ${REDACTED}`],
  ])('%s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('finds a header smuggled after a bare CR or CRLF inside another value', () => {
    const text = redactText('X-Trace: 1\rAuthorization: Basic Zm9vOmJhcg==\r\nCookie: a=b');
    expect(text).toBe(`X-Trace: 1\nAuthorization: ${REDACTED}\nCookie: ${REDACTED}`);
    expect(text).not.toContain('Zm9v');
  });

  it('redacts the job’s own custom headers whatever their case, and leaves plain words alone', () => {
    const text = redactText('x-tenant-pin: 4471\nContent-Type: text/plain\nHTTP Basic only', [
      'X-Tenant-PIN',
    ]);
    expect(text).toBe(`x-tenant-pin: ${REDACTED}\nContent-Type: text/plain\nHTTP Basic only`);
  });

  it('keeps challenges readable but drops a token in them', () => {
    expect(redactText('WWW-Authenticate: Basic realm="intake"')).toBe(
      'WWW-Authenticate: Basic realm="intake"',
    );
    expect(redactText('WWW-Authenticate: Negotiate oYGeMIGboAMKAQ==')).toBe(
      `WWW-Authenticate: Negotiate ${REDACTED}`,
    );
  });

  it('redacts header pairs by name, and what a value hides after a line break', () => {
    expect(
      redactHeaders(
        [
          ['Set-Cookie', 'sid=1'],
          ['X-Api-Key', 'k'],
          ['X-Note', 'fine\r\nAuthorization: Bearer abc123'],
          ['Server', 'bits-ref'],
        ],
        [],
      ),
    ).toEqual([
      ['Set-Cookie', REDACTED],
      ['X-Api-Key', REDACTED],
      ['X-Note', `fine\nAuthorization: ${REDACTED}`],
      ['Server', 'bits-ref'],
    ]);
  });
});

describe('diagnosticsText', () => {
  const job: Job = {
    id: 'j1',
    type: 'upload',
    state: 'error',
    priority: 'normal',
    filePath: '/home/ann/dump\u001b[31m.dmp',
    fileName: 'dump\u001b[31m.dmp',
    url: 'https://intake.example.com/bits/dump.dmp?sas=abc&signature=s3cr3t',
    headerNames: ['X-Tenant-Key'],
    hasCredentials: true,
    holdCompletion: false,
    bytesTotal: 4096,
    bytesAcked: 1024,
    bestAcked: 2048,
    sessionId: '{6e1f}',
    serverHost: 'node7.example.com',
    attempts: 2,
    createdAt: Date.UTC(2026, 0, 1, 10, 0, 0),
    updatedAt: Date.UTC(2026, 0, 1, 10, 5, 0),
    queueOrder: 1,
    error: {
      message: 'The server refused the upload (HTTP 403).',
      code: '0x80190193',
      context: 5,
      classification: 'fatal',
      phase: 'upload',
      httpStatus: 403,
      at: Date.UTC(2026, 0, 1, 10, 5, 0),
      evidence: {
        request: 'BITS_POST https://ann:pw@intake.example.com/bits/dump.dmp (Fragment bytes 0-1023/4096)',
        statusLine: 'HTTP/1.1 403 Forbidden',
        headers: [
          ['Set-Cookie', 'ASP.NET_SessionId=qwerty'],
          ['X-Tenant-Key', 'tenant-secret-value'],
          ['Content-Type', 'text/html'],
        ],
        body: '<pre>Echo:\r\nAuthorization: Basic YW5uOnB3\r\nX-Tenant-Key: tenant-secret-value\u202e</pre>',
      },
    },
  };
  const events: JobEvent[] = [
    { id: 1, jobId: 'j1', at: job.createdAt, kind: 'state', state: 'queued', message: 'Added' },
    {
      id: 2,
      jobId: 'j1',
      at: job.createdAt + 1000,
      kind: 'state',
      state: 'connecting',
      message: 'Connecting',
    },
    {
      id: 3,
      jobId: 'j1',
      at: job.updatedAt,
      kind: 'error',
      message: 'Could not connect to the proxy http://bob:hunter2@proxy:3128',
      httpStatus: 403,
      code: '0x80190193',
      context: 5,
    },
  ];

  it('holds the job’s details, error and timeline with every secret redacted', () => {
    const text = diagnosticsText(job, events, Date.UTC(2026, 0, 1, 11));
    for (const secret of ['s3cr3t', 'qwerty', 'tenant-secret-value', 'YW5uOnB3', 'ann:pw', 'hunter2'])
      expect(text, secret).not.toContain(secret);
    expect(text).toContain('Session id: {6e1f}');
    expect(text).toContain('Server host: intake.example.com (farm node node7.example.com)');
    expect(text).toContain('Started: 2026-01-01T10:00:01.000Z');
    expect(text).toContain('Lost by the server, being re-sent: 1024 bytes');
    expect(text).toContain('BITS code: 0x80190193 (BG_E_HTTP_ERROR)');
    expect(text).toContain('HTTP status: 403');
    expect(text).toContain('Custom headers: X-Tenant-Key (values not shown)');
    expect(text).toContain('Timeline (3)');
    // Control and bidi characters from outside are shown, never acted on.
    expect(text).toContain('dump\\x1b[31m.dmp');
    expect(text).not.toMatch(/[\u001b\u202e\r]/);
  });
});
