import { describe, expect, it } from 'vitest';
import { CHECK_TIMEOUTS, checkEndpoint } from './check-endpoint.js';
import { TransportError } from './http/transport.js';
import { type FakeAnswer, type FakeHandler, FakeTransport } from './reply/test-support/fake-http.js';

const URL_ = 'http://bits.example/up/probe.bin';

const ack = (headers: Array<[string, string]> = [], status = 200): FakeAnswer => ({
  status,
  headers: [['BITS-Packet-Type', 'Ack'], ['Content-Length', '0'], ...headers],
});
const packetOf = (transport: FakeTransport, index: number) => transport.header(index, 'BITS-Packet-Type');

/** A well-behaved BITS server, with per-packet overrides. */
function server(overrides: Partial<Record<string, FakeAnswer | (() => FakeAnswer)>> = {}) {
  return new FakeTransport(serverHandler(overrides));
}

function serverHandler(
  overrides: Partial<Record<string, FakeAnswer | (() => FakeAnswer)>> = {},
): FakeHandler {
  return (request) => {
    const packet = request.headers.find(([name]) => name === 'BITS-Packet-Type')?.[1] ?? '';
    const override = overrides[packet];
    if (override) return typeof override === 'function' ? override() : override;
    if (packet === 'Create-Session') {
      return ack([
        ['BITS-Protocol', '{7df0354d-249b-430f-820d-3d2a9bef4931}'],
        ['BITS-Session-Id', '{SESSION-1}'],
      ]);
    }
    return ack();
  };
}

const failing = (kind: TransportError['kind'], code?: string, message = `${kind} failure`) =>
  new FakeTransport(() => {
    throw new TransportError(kind, message, { code });
  });

describe('checkEndpoint', () => {
  it('pings, creates a session and cancels it again', async () => {
    const transport = server();
    const report = await checkEndpoint({ url: URL_, transport });
    expect(report.ok).toBe(true);
    expect(report.problem).toBeUndefined();
    expect(report.sessionId).toBe('{SESSION-1}');
    expect(report.steps.map((step) => [step.packet, step.ok, step.status])).toEqual([
      ['Ping', true, 200],
      ['Create-Session', true, 200],
      ['Cancel-Session', true, 200],
    ]);
    expect([0, 1, 2].map((i) => packetOf(transport, i))).toEqual([
      'Ping',
      'Create-Session',
      'Cancel-Session',
    ]);
    expect(transport.header(2, 'BITS-Session-Id')).toBe('{SESSION-1}');
    expect(transport.requests.every((request) => request.method === 'BITS_POST')).toBe(true);
    expect(transport.requests[0]!.responseTimeoutMs).toBe(CHECK_TIMEOUTS.responseTimeoutMs);
  });

  it('answers a Basic challenge, then sends credentials and custom headers on every packet, and says so', async () => {
    const plain = serverHandler();
    const transport = new FakeTransport((request) =>
      request.headers.some(([name]) => name === 'Authorization')
        ? plain(request)
        : { status: 401, headers: [['WWW-Authenticate', 'Basic realm="BITS"']] },
    );
    const report = await checkEndpoint({
      url: URL_,
      transport,
      auth: { headers: [['X-Token', 'abc']], credentials: { user: 'ann', password: 'p:w' } },
    });
    expect(report.ok).toBe(true);
    expect(report.auth).toBe('Basic');
    const basic = `Basic ${Buffer.from('ann:p:w').toString('base64')}`;
    expect(transport.header(0, 'Authorization')).toBeUndefined();
    for (const i of [1, 2, 3]) {
      expect(transport.header(i, 'Authorization')).toBe(basic);
      expect(transport.header(i, 'X-Token')).toBe('abc');
    }
  });

  it('reports the farm node and cancels there', async () => {
    const transport = server({
      'Create-Session': ack([
        ['BITS-Session-Id', '{S}'],
        ['BITS-Host-Id', 'node7.example'],
      ]),
    });
    const report = await checkEndpoint({ url: URL_, transport });
    expect(report.ok).toBe(true);
    expect(report.hostId).toBe('node7.example');
    expect(transport.requests[2]!.url.host).toBe('node7.example');
  });

  describe('authentication', () => {
    const challenge = (...values: string[]): FakeAnswer => ({
      status: 401,
      statusText: 'Unauthorized',
      headers: values.map((value) => ['WWW-Authenticate', value] as [string, string]),
    });

    it('says that none were given and which scheme the server wants', async () => {
      const report = await checkEndpoint({
        url: URL_,
        transport: server({ Ping: challenge('Basic realm="BITS"') }),
      });
      expect(report.ok).toBe(false);
      expect(report.problem).toMatchObject({ kind: 'auth', httpStatus: 401 });
      expect(report.problem!.message).toMatch(/none was given/);
      expect(report.problem!.message).toMatch(/asks for Basic/);
      expect(report.problem!.hint).toMatch(/--user/);
      expect(report.steps).toHaveLength(1);
    });

    it('says the credentials were rejected when some were given', async () => {
      const report = await checkEndpoint({
        url: URL_,
        transport: server({ Ping: challenge('Basic realm="x"') }),
        auth: { headers: [], credentials: { user: 'a', password: 'b' } },
      });
      expect(report.problem!.message).toMatch(/rejected the user name and password/);
    });

    it('explains that a scheme we do not speak is not supported, naming what was offered', async () => {
      const report = await checkEndpoint({
        url: URL_,
        transport: server({ Ping: challenge('Bearer realm="x"', 'Mutual') }),
        auth: { headers: [], credentials: { user: 'ann', password: 'p' } },
      });
      expect(report.problem!.message).toMatch(
        /asks for Bearer, Mutual authentication, which this client does not support/,
      );
      expect(report.problem!.hint).toMatch(/Negotiate, NTLM, Digest, Basic/);
    });

    it('asks for credentials when the server offers NTLM and none were given', async () => {
      const report = await checkEndpoint({
        url: URL_,
        transport: server({ Ping: challenge('Negotiate', 'NTLM') }),
      });
      expect(report.problem!.message).toMatch(/none was given. It asks for Negotiate, NTLM authentication/);
      expect(report.problem!.hint).toMatch(/--user/);
    });

    it('recognises a proxy asking for authentication', async () => {
      const report = await checkEndpoint({
        url: URL_,
        transport: server({ Ping: { status: 407, headers: [['Proxy-Authenticate', 'Basic realm="p"']] } }),
      });
      expect(report.problem).toMatchObject({ kind: 'auth', httpStatus: 407 });
      expect(report.problem!.message).toMatch(/proxy/i);
    });
  });

  it('recognises BITS uploads switched off on IIS (501 + 0x80070005)', async () => {
    const transport = server({
      Ping: ack(
        [
          ['BITS-Error-Code', '0x80070005'],
          ['BITS-Error-Context', '0x5'],
        ],
        501,
      ),
    });
    const report = await checkEndpoint({ url: URL_, transport });
    expect(report.problem).toMatchObject({ kind: 'not-enabled', httpStatus: 501 });
    expect(report.problem!.message).toMatch(/BITS uploads are not enabled on this IIS virtual directory/);
    expect(transport.requests).toHaveLength(1);
  });

  it('treats 404 to BITS_POST as uploads not enabled', async () => {
    const report = await checkEndpoint({ url: URL_, transport: server({ Ping: { status: 404 } }) });
    expect(report.problem!.kind).toBe('not-enabled');
  });

  it.each([
    ['405', { status: 405, headers: [['Allow', 'GET, HEAD']] }],
    ['400 without BITS headers', { status: 400 }],
    ['501 without a BITS error', { status: 501 }],
    [
      'a web page with 200',
      { status: 200, headers: [['Content-Type', 'text/html']], body: Buffer.from('<html>hi</html>') },
    ],
    ['200 without an Ack', { status: 200, headers: [['Content-Length', '0']] }],
  ] as Array<[string, FakeAnswer]>)('calls %s "not a BITS endpoint"', async (_name, answer) => {
    const report = await checkEndpoint({ url: URL_, transport: server({ Ping: answer }) });
    expect(report.problem!.kind).toBe('not-bits');
    expect(report.problem!.message).toMatch(/web server, but not a BITS upload endpoint/);
    expect(report.steps[0]!.status).toBe(answer.status);
  });

  it('recognises 403 on Create-Session as forbidden and sends no Cancel', async () => {
    const transport = server({ 'Create-Session': ack([['BITS-Error-Code', '0x80070005']], 403) });
    const report = await checkEndpoint({ url: URL_, transport });
    expect(report.problem).toMatchObject({ kind: 'forbidden', httpStatus: 403 });
    expect(report.steps.map((step) => step.ok)).toEqual([true, false]);
    expect(transport.requests).toHaveLength(2);
  });

  it('flags a Create-Session Ack without a session id', async () => {
    const report = await checkEndpoint({ url: URL_, transport: server({ 'Create-Session': ack() }) });
    expect(report.problem!.kind).toBe('protocol');
    expect(report.problem!.message).toMatch(/no session id/);
  });

  it('flags an Ack with a body, keeping the evidence', async () => {
    const report = await checkEndpoint({
      url: URL_,
      transport: server({
        Ping: {
          status: 200,
          headers: [
            ['BITS-Packet-Type', 'Ack'],
            ['Content-Length', '5'],
          ],
          body: Buffer.from('hello'),
        },
      }),
    });
    expect(report.problem!.kind).toBe('protocol');
    expect(report.problem!.evidence?.body).toBe('hello');
  });

  it('still discards a session named by a broken Create-Session Ack', async () => {
    const transport = server({
      'Create-Session': ack([
        ['BITS-Session-Id', '{S}'],
        ['BITS-Protocol', '{00000000-0000-0000-0000-000000000000}'],
      ]),
    });
    const report = await checkEndpoint({ url: URL_, transport });
    expect(report.ok).toBe(false);
    expect(report.problem!.message).toMatch(/protocol this client does not speak/);
    expect(packetOf(transport, 2)).toBe('Cancel-Session');
  });

  it('hints at a folder URL when Create-Session is refused as invalid', async () => {
    const transport = server({ 'Create-Session': ack([['BITS-Error-Code', '0x80070057']], 400) });
    const report = await checkEndpoint({ url: 'http://bits.example/up/', transport });
    expect(report.problem!.kind).toBe('protocol');
    expect(report.problem!.hint).toMatch(/name the file/);
  });

  it('reports server errors with the classified message', async () => {
    const report = await checkEndpoint({ url: URL_, transport: server({ Ping: { status: 503 } }) });
    expect(report.problem).toMatchObject({ kind: 'other', httpStatus: 503, code: '0x801901F7' });
    expect(report.problem!.message).toMatch(/HTTP 503/);
  });

  it('stays usable when the server refuses the Cancel, but says so', async () => {
    const report = await checkEndpoint({ url: URL_, transport: server({ 'Cancel-Session': ack([], 400) }) });
    expect(report.ok).toBe(true);
    expect(report.steps[2]).toMatchObject({ packet: 'Cancel-Session', ok: false, status: 400 });
    expect(report.steps[2]!.detail).toMatch(/expire/);
  });

  it('treats a Cancel for a session the server forgot as fine', async () => {
    const report = await checkEndpoint({
      url: URL_,
      transport: server({ 'Cancel-Session': ack([['BITS-Error-Code', '0x8020001F']], 500) }),
    });
    expect(report.steps[2]).toMatchObject({ ok: true });
  });

  it('records a Cancel that fails with a server error', async () => {
    const report = await checkEndpoint({
      url: URL_,
      transport: server({ 'Cancel-Session': { status: 500 } }),
    });
    expect(report.ok).toBe(true);
    expect(report.steps[2]).toMatchObject({ ok: false, status: 500 });
  });

  describe('when no answer comes back', () => {
    it.each([
      ['connect', 'ECONNREFUSED', 'unreachable', /connection refused/],
      ['connect', 'ENOTFOUND', 'unreachable', /host name not found/],
      ['response-timeout', undefined, 'unreachable', /did not answer in time/],
      ['malformed', 'HPE_INVALID_CONSTANT', 'not-bits', /not valid HTTP/],
      ['reset', 'ECONNRESET', 'other', /closed the connection/],
    ] as const)('%s %s is %s', async (kind, code, expected, message) => {
      const report = await checkEndpoint({ url: URL_, transport: failing(kind, code) });
      expect(report.ok).toBe(false);
      expect(report.problem!.kind).toBe(expected);
      expect(report.problem!.message).toMatch(message);
      expect(report.steps).toEqual([expect.objectContaining({ packet: 'Ping', ok: false })]);
    });

    it.each([
      ['DEPTH_ZERO_SELF_SIGNED_CERT', /self-signed/, /--ca/],
      ['CERT_HAS_EXPIRED', /expired/, /renew/],
      ['ERR_TLS_CERT_ALTNAME_INVALID', /not valid for the name bits.example/, /host name/],
      ['ERR_SSL_WRONG_VERSION_NUMBER', /secure connection to bits.example failed/, /--ca/],
    ])('TLS failure %s', async (code, message, hint) => {
      const report = await checkEndpoint({
        url: 'https://bits.example/up/x',
        transport: failing('tls', code),
      });
      expect(report.problem!.kind).toBe('tls');
      expect(report.problem!.message).toMatch(message);
      expect(report.problem!.hint).toMatch(hint);
    });
  });
});
