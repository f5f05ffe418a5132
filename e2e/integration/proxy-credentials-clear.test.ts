import net from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { BitsError } from '../../electron/bits/errors.js';
import { parseProxyUrl } from '../../electron/bits/http/proxy-config.js';
import { fixedProxyResolver } from '../../electron/bits/http/proxy-resolver.js';
import { proxyRouterFor } from '../../electron/bits/http/proxy-router.js';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';
import { SQUID_MISSING, startSquidBasic, startSquidDigest } from './support-squid.js';

/*
 * Proxy credentials never go in the clear before the proxy asked for Basic: a proxy whose scheme
 * is not known yet gets no Proxy-Authorization until its first 407 says which one it wants.
 */
const ACCOUNT = { user: 'ann', password: 's3cret-pw' };
const BASIC = Buffer.from(`${ACCOUNT.user}:${ACCOUNT.password}`).toString('base64');
const via = (proxyUrl: string) => ({
  proxy: proxyRouterFor(fixedProxyResolver(parseProxyUrl(proxyUrl, ACCOUNT), 'setting')),
});

/** A loopback "proxy" that answers every request with this 407 and keeps every byte it received. */
async function recordingProxy(challenge: string): Promise<{ url: string; received(): string }> {
  const chunks: Buffer[] = [];
  const server = net.createServer((socket) => {
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      pending += chunk.toString('latin1');
      while (pending.includes('\r\n\r\n')) {
        pending = pending.slice(pending.indexOf('\r\n\r\n') + 4);
        socket.write(
          `HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: ${challenge}\r\nContent-Length: 0\r\n\r\n`,
        );
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received: () => Buffer.concat(chunks).toString('latin1') };
}

async function uploadVia(proxyUrl: string, url: string, size = 1000) {
  const file = await randomFile(await tempDir(), size);
  await uploadWithRetries({
    url,
    kind: 'upload',
    filePath: file.path,
    fragmentSize: 64 * 1024,
    transportOptions: via(proxyUrl),
    maxAttempts: 1,
  });
  return file.bytes;
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the upload to fail');
    },
    (error: BitsError) => error,
  );

describe('a proxy whose scheme is not known yet', () => {
  it('asking for Digest gets Digest only: the password never crosses in the clear (absolute form)', async () => {
    const proxy = await recordingProxy('Digest realm="raw", nonce="n0nce", qop="auth"');
    const error = await failureOf(uploadVia(proxy.url, 'http://127.0.0.1:9/up/a.bin'));
    expect(error.message).toMatch(/refused the proxy user name or password/);
    const received = proxy.received();
    expect(received).toMatch(/^BITS_POST http:\/\/127\.0\.0\.1:9\/up\/a\.bin HTTP\/1\.1\r\n/);
    expect(received.split('\r\n\r\n')[0]).not.toMatch(/Proxy-Authorization/i);
    expect(received).toMatch(/Proxy-Authorization: Digest username="ann", realm="raw"/);
    expect(received).not.toMatch(/Basic/i);
    expect(received).not.toContain(BASIC);
    expect(received).not.toContain(ACCOUNT.password);
  });

  it('the same for CONNECT (https destinations)', async () => {
    const proxy = await recordingProxy('NTLM');
    const error = await failureOf(uploadVia(proxy.url, 'https://127.0.0.1:9/up/a.bin'));
    expect(error.message).toMatch(/proxy/);
    const received = proxy.received();
    expect(received).toMatch(/^CONNECT 127\.0\.0\.1:9 HTTP\/1\.1\r\n/);
    expect(received.split('\r\n\r\n')[0]).not.toMatch(/Proxy-Authorization/i);
    expect(received).toMatch(/Proxy-Authorization: NTLM TlRMTVNTUAAB/);
    expect(received).not.toMatch(/Basic/i);
    expect(received).not.toContain(ACCOUNT.password);
  });

  it('asking for NTLM for an http destination: one handshake, refused, named as refused (no loop)', async () => {
    const proxy = await recordingProxy('NTLM');
    const error = await failureOf(uploadVia(proxy.url, 'http://127.0.0.1:9/up/a.bin'));
    expect(error.message).toMatch(
      /^The proxy http:\/\/127\.0\.0\.1:\d+ refused the proxy user name or password/,
    );
    const requests = proxy
      .received()
      .split('\r\n\r\n')
      .filter((head) => head.startsWith('BITS_POST'));
    // Without credentials, then the NTLM NEGOTIATE; the proxy sent no CHALLENGE, so that is all.
    expect(requests.map((head) => /Proxy-Authorization: (\S+ \S{4})/.exec(head)?.[1] ?? '-')).toEqual([
      '-',
      'NTLM TlRM',
    ]);
  });

  it('asking for a scheme we do not speak is told so, naming it, with nothing sent', async () => {
    const proxy = await recordingProxy('Bearer realm="corp"');
    const error = await failureOf(uploadVia(proxy.url, 'http://127.0.0.1:9/up/a.bin'));
    expect(error.message).toMatch(/asks for Bearer authentication, which this client does not speak/);
    expect(proxy.received()).not.toMatch(/Proxy-Authorization/i);
  });
});

describe.skipIf(SQUID_MISSING)('the scheme a real squid asked for, remembered', () => {
  it('squid with Digest never receives Basic', async () => {
    const squid = await startSquidDigest(ACCOUNT);
    const server = await serverFor();
    const bytes = await uploadVia(squid.url, server.url('/up/digest.bin'), 150_000);
    expect((await storedBytes(server, '/up/digest.bin')).equals(bytes)).toBe(true);
    const headers = squid.entries().map((e) => e.proxyAuthorization);
    expect(headers[1]).toBe('-'); // the first request (after the readiness probe) carried none
    expect(headers.filter((h) => h !== '-').every((h) => h.startsWith('Digest'))).toBe(true);
  });

  it('squid with Basic: asked once, then Basic goes pre-emptively for the rest of the process', async () => {
    const squid = await startSquidBasic(ACCOUNT);
    const server = await serverFor();
    const first = await uploadVia(squid.url, server.url('/up/one.bin'), 150_000);
    const firstRun = squid.entries().length;
    // A second job with its own proxy settings (same proxy): no 407 any more.
    const second = await uploadVia(squid.url, server.url('/up/two.bin'), 150_000);
    expect((await storedBytes(server, '/up/one.bin')).equals(first)).toBe(true);
    expect((await storedBytes(server, '/up/two.bin')).equals(second)).toBe(true);
    const entries = squid.entries().filter((e) => e.method === 'BITS_POST');
    expect(entries.filter((e) => e.status === '407')).toHaveLength(1);
    expect(entries[0]).toMatchObject({ status: '407', proxyAuthorization: '-' });
    const later = squid.entries().slice(firstRun);
    expect(later.every((e) => e.status === '200' && e.user === 'ann')).toBe(true);
    expect(later.every((e) => e.proxyAuthorization === `Basic%20${BASIC}`)).toBe(true);
  });
});
