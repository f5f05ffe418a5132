import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { BitsError } from '../../electron/bits/errors.js';
import { PacCache } from '../../electron/bits/http/pac-cache.js';
import { chooseProxyResolver } from '../../electron/bits/http/proxy-resolver.js';
import { proxyRouterFor } from '../../electron/bits/http/proxy-router.js';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';
import { startTinyproxy, TINYPROXY_MISSING } from './support-tinyproxy.js';

/** A PAC file served on loopback; counts how often it was fetched. */
async function servePac(script: () => string): Promise<{ url: string; fetches: () => number }> {
  let fetches = 0;
  const server = http.createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'Content-Type': 'application/x-ns-proxy-autoconfig' });
    res.end(script());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}/proxy.pac`, fetches: () => fetches };
}

/** A loopback port nothing listens on (a proxy that is down). */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const viaPac = (pac: string, cache: PacCache) => ({
  proxy: proxyRouterFor(chooseProxyResolver({ job: { pac }, env: {}, pacCache: cache })),
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the upload to fail');
    },
    (error: BitsError) => error,
  );

describe.skipIf(TINYPROXY_MISSING)('PAC files choosing a real proxy (tinyproxy)', () => {
  it('tries the PAC answer in order: a dead proxy is skipped, the next one carries the upload', async () => {
    const proxy = await startTinyproxy();
    const server = await serverFor();
    const dead = await deadPort();
    const pac = await servePac(
      () => `function FindProxyForURL(url, host) {
        if (shExpMatch(url, "*/up/*")) return "PROXY 127.0.0.1:${dead}; PROXY 127.0.0.1:${proxy.port}; DIRECT";
        return "DIRECT";
      }`,
    );
    const cache = new PacCache();
    onTestFinished(() => cache.close());
    const file = await randomFile(await tempDir(), 200_000);
    await uploadWithRetries({
      url: server.url('/up/pac.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: 64 * 1024,
      transportOptions: viaPac(pac.url, cache),
      maxAttempts: 1,
    });
    expect((await storedBytes(server, '/up/pac.bin')).equals(file.bytes)).toBe(true);
    const carried = proxy
      .requests()
      .filter((line) => line.startsWith(`BITS_POST ${server.url('/up/pac.bin')}`));
    expect(carried.length).toBe(server.log.length);
    // Fetched once, however many packets and transports used it.
    expect(pac.fetches()).toBe(1);
  });

  it('reads a PAC file from a local path, and DIRECT goes around the proxy', async () => {
    const proxy = await startTinyproxy();
    const server = await serverFor();
    const dir = await tempDir();
    const pacPath = join(dir, 'corp.pac');
    await writeFile(pacPath, 'function FindProxyForURL(url, host) { return "DIRECT"; }');
    const cache = new PacCache();
    onTestFinished(() => cache.close());
    const file = await randomFile(dir, 50_000);
    await uploadWithRetries({
      url: server.url('/up/direct.bin'),
      kind: 'upload',
      filePath: file.path,
      transportOptions: viaPac(pacPath, cache),
      maxAttempts: 1,
    });
    expect((await storedBytes(server, '/up/direct.bin')).equals(file.bytes)).toBe(true);
    expect(proxy.requests()).toEqual([]);
  });

  it('a broken PAC file is a clear error naming it; every proxy down names them all', async () => {
    const server = await serverFor();
    const dir = await tempDir();
    const file = await randomFile(dir, 1000);
    const broken = join(dir, 'broken.pac');
    await writeFile(broken, 'function FindProxyForURL(url, host) { return "PROXY ');
    const cache = new PacCache();
    onTestFinished(() => cache.close());
    const run = (pac: string) =>
      failure(
        uploadWithRetries({
          url: server.url('/up/x.bin'),
          kind: 'upload',
          filePath: file.path,
          transportOptions: viaPac(pac, cache),
          maxAttempts: 1,
        }),
      );
    const syntax = await run(broken);
    expect(syntax.message).toContain(`The PAC file ${broken} is not a valid script`);
    expect(syntax.classification).toBe('fatal');
    const missing = await run(join(dir, 'missing.pac'));
    expect(missing.message).toContain(`The PAC file ${join(dir, 'missing.pac')} cannot be read`);
    expect(missing.classification).toBe('transient');
    const [a, b] = [await deadPort(), await deadPort()];
    const allDown = join(dir, 'down.pac');
    await writeFile(
      allDown,
      `function FindProxyForURL(u, h) { return "PROXY 127.0.0.1:${a}; PROXY 127.0.0.1:${b}"; }`,
    );
    const down = await run(allDown);
    expect(down.message).toContain(`http://127.0.0.1:${a}`);
    expect(down.message).toContain(`http://127.0.0.1:${b}`);
    expect(server.log.length).toBe(0);
  });

  it('refetches the PAC file after a failure, keeping the copy it had when the refetch fails', async () => {
    const proxy = await startTinyproxy();
    const server = await serverFor();
    const dead = await deadPort();
    let target = dead;
    const pac = await servePac(
      () => `function FindProxyForURL(u, h) { return "PROXY 127.0.0.1:${target}"; }`,
    );
    const cache = new PacCache();
    onTestFinished(() => cache.close());
    const file = await randomFile(await tempDir(), 20_000);
    const attempt = () =>
      uploadWithRetries({
        url: server.url('/up/again.bin'),
        kind: 'upload',
        filePath: file.path,
        transportOptions: viaPac(pac.url, cache),
        maxAttempts: 1,
      });
    const first = await failure(attempt());
    expect(first.message).toContain(`http://127.0.0.1:${dead}`);
    target = proxy.port;
    await attempt();
    expect(pac.fetches()).toBe(2);
    expect((await storedBytes(server, '/up/again.bin')).equals(file.bytes)).toBe(true);
  });
});
