import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { BitsError } from '../../electron/bits/errors.js';
import { parseProxyUrl } from '../../electron/bits/http/proxy-config.js';
import { fixedProxyResolver } from '../../electron/bits/http/proxy-resolver.js';
import { createProxyRouter, proxyRouterFor } from '../../electron/bits/http/proxy-router.js';
import { makeSelfSignedCert } from '../bits-server/index.js';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';
import { startTinyproxy, TINYPROXY_MISSING } from './support-tinyproxy.js';

const via = (proxyUrl: string, ca?: string, credentials?: { user: string; password: string }) => ({
  proxy: proxyRouterFor(fixedProxyResolver(parseProxyUrl(proxyUrl, credentials), 'setting'), { ca }),
  ...(ca ? { tls: { ca } } : {}),
});

const fail = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the upload to fail');
    },
    (error: BitsError) => error,
  );

describe.skipIf(TINYPROXY_MISSING)('uploads through a real proxy (tinyproxy)', () => {
  it('sends http destinations in absolute form through the proxy, loopback included', async () => {
    const proxy = await startTinyproxy();
    const server = await serverFor();
    const file = await randomFile(await tempDir(), 300_000);
    await uploadWithRetries({
      url: server.url('/up/plain.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: 64 * 1024,
      transportOptions: via(proxy.url),
      maxAttempts: 1,
    });
    expect((await storedBytes(server, '/up/plain.bin')).equals(file.bytes)).toBe(true);
    // Every packet the server saw came through the proxy.
    const carried = proxy
      .requests()
      .filter((line) => line.startsWith(`BITS_POST ${server.url('/up/plain.bin')}`));
    expect(carried.length).toBe(server.log.length);
    expect(carried.length).toBeGreaterThanOrEqual(7);
    // A fresh connection to the proxy per request: proxies close them after each answer.
    expect(proxy.connections()).toBe(carried.length);
  });

  it('tunnels https destinations with CONNECT and verifies the server inside the tunnel', async () => {
    const proxy = await startTinyproxy();
    const dir = await tempDir();
    const cert = await makeSelfSignedCert(dir);
    const server = await serverFor({ tls: { key: cert.key, cert: cert.cert } });
    const file = await randomFile(dir, 200_000);
    const ca = await readFile(cert.caPath, 'utf8');
    await uploadWithRetries({
      url: server.url('/up/tunnel.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: 64 * 1024,
      transportOptions: via(proxy.url, ca),
      maxAttempts: 1,
    });
    expect((await storedBytes(server, '/up/tunnel.bin')).equals(file.bytes)).toBe(true);
    expect(proxy.requests()).toContain(`CONNECT 127.0.0.1:${server.port} HTTP/1.1`);
    // One keep-alive tunnel carried the whole session, not one per packet.
    expect(proxy.connections()).toBe(1);
    // The certificate is still checked through the tunnel.
    const untrusted = await fail(
      uploadWithRetries({
        url: server.url('/up/tunnel.bin'),
        kind: 'upload',
        filePath: file.path,
        transportOptions: via(proxy.url),
        maxAttempts: 1,
      }),
    );
    expect(untrusted.message).toMatch(/self-signed/);
  });

  it('authenticates with Basic, and names the proxy and the cause when credentials are missing or wrong', async () => {
    const auth = { user: 'ann', password: 'pr0xy-s3cret' };
    const proxy = await startTinyproxy({ auth });
    const server = await serverFor();
    const file = await randomFile(await tempDir(), 50_000);
    const upload = (transportOptions: ReturnType<typeof via>, path: string) =>
      uploadWithRetries({
        url: server.url(path),
        kind: 'upload',
        filePath: file.path,
        transportOptions,
        maxAttempts: 1,
      });

    await upload(via(`http://ann:pr0xy-s3cret@127.0.0.1:${proxy.port}`), '/up/in-url.bin');
    await upload(via(proxy.url, undefined, auth), '/up/separate.bin');
    expect((await storedBytes(server, '/up/separate.bin')).equals(file.bytes)).toBe(true);

    const missing = await fail(upload(via(proxy.url), '/up/none.bin'));
    expect(missing.message).toBe(`The proxy ${proxy.url} requires authentication (HTTP 407).`);
    expect(missing.classification).toBe('fatal');
    // Over CONNECT too, where a wrong password is told apart (a refused CONNECT is always the proxy's;
    // to absolute-form requests tinyproxy answers a wrong password with a 401 like a server's).
    const cert = await makeSelfSignedCert(await tempDir());
    const tlsServer = await serverFor({ tls: { key: cert.key, cert: cert.cert } });
    const tunnelled = (credentials?: { user: string; password: string }) =>
      fail(
        uploadWithRetries({
          url: tlsServer.url('/up/x.bin'),
          kind: 'upload',
          filePath: file.path,
          transportOptions: via(proxy.url, cert.cert, credentials),
          maxAttempts: 1,
        }),
      );
    const tunnel = await tunnelled();
    expect(tunnel.message).toBe(`The proxy ${proxy.url} requires authentication (HTTP 407).`);
    const wrong = await tunnelled({ user: 'ann', password: 'nope' });
    expect(wrong.message).toBe(`The proxy ${proxy.url} refused the proxy user name or password (HTTP 407).`);
    expect(wrong.classification).toBe('fatal');
    // The secret reaches neither the errors nor the proxy's log.
    const basic = Buffer.from('ann:pr0xy-s3cret').toString('base64');
    for (const text of [
      JSON.stringify([missing, wrong, tunnel].map((e) => [e.message, e.hint, e.evidence, String(e.cause)])),
      await proxy.log(),
    ]) {
      expect(text).not.toContain('pr0xy-s3cret');
      expect(text).not.toContain(basic);
    }
  });

  it('says so when the proxy refuses the tunnel', async () => {
    const proxy = await startTinyproxy({ connectPorts: [443] });
    const cert = await makeSelfSignedCert(await tempDir());
    const server = await serverFor({ tls: { key: cert.key, cert: cert.cert } });
    const file = await randomFile(await tempDir(), 1000);
    const refused = await fail(
      uploadWithRetries({
        url: server.url('/up/x.bin'),
        kind: 'upload',
        filePath: file.path,
        transportOptions: via(proxy.url, cert.cert),
        maxAttempts: 1,
      }),
    );
    expect(refused.message).toMatch(
      new RegExp(`^The proxy ${proxy.url} refused to open a tunnel to the server \\(HTTP/1\\.[01] 403`),
    );
    expect(refused.classification).toBe('fatal');
  });
});

describe('proxy failures without a proxy to hand', () => {
  it('names the proxy when nothing listens there', async () => {
    const server = await serverFor();
    const file = await randomFile(await tempDir(), 1000);
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const error = await fail(
      uploadWithRetries({
        url: server.url('/up/x.bin'),
        kind: 'upload',
        filePath: file.path,
        transportOptions: via(`127.0.0.1:${port}`),
        maxAttempts: 1,
      }),
    );
    expect(error.message).toBe(`Could not connect to the proxy http://127.0.0.1:${port} (ECONNREFUSED).`);
    expect(error.classification).toBe('transient');
  });

  it('gives up on a proxy that accepts the connection but never answers CONNECT', async () => {
    const silent = net.createServer((socket) => socket.on('data', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const router = createProxyRouter(fixedProxyResolver(parseProxyUrl(`127.0.0.1:${port}`), 'job'), {
        connectTimeoutMs: 200,
        agentOptions: { keepAlive: true, maxSockets: 1 },
      });
      const file = await randomFile(await tempDir(), 1000);
      const error = await fail(
        uploadWithRetries({
          url: 'https://127.0.0.1:9/up/x.bin',
          kind: 'upload',
          filePath: file.path,
          transportOptions: { proxy: router },
          maxAttempts: 1,
        }),
      );
      expect(error.message).toBe(
        `The proxy http://127.0.0.1:${port} did not answer in time (no answer to CONNECT after 0 s).`,
      );
      expect(error.classification).toBe('transient');
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
