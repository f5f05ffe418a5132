import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BitsServer, makeSelfSignedCert, startBitsServer } from '../../e2e/bits-server/index.js';
import { checkEndpoint } from './check-endpoint.js';
import { createNodeTransport } from './http/node-transport.js';

let root: string;
const servers: Array<{ close(): Promise<void> | void }> = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bits-check-'));
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await rm(root, { recursive: true, force: true });
});

async function bits(options: Partial<Parameters<typeof startBitsServer>[0]> = {}): Promise<BitsServer> {
  const server = await startBitsServer({ root, ...options });
  servers.push(server);
  return server;
}

async function check(url: string, extra: Partial<Parameters<typeof checkEndpoint>[0]> = {}) {
  const transport = createNodeTransport();
  try {
    return await checkEndpoint({ url, transport, ...extra });
  } finally {
    transport.close();
  }
}

describe('checkEndpoint against the reference server', () => {
  it('passes a working endpoint and leaves no session behind', async () => {
    const server = await bits();
    const report = await check(server.url('/up/probe.bin'));
    expect(report.ok).toBe(true);
    expect(report.steps.map((step) => `${step.packet} ${step.status}`)).toEqual([
      'Ping 200',
      'Create-Session 200',
      'Cancel-Session 200',
    ]);
    expect(server.sessions.list()).toHaveLength(0);
  });

  it('says BITS uploads are not enabled (uploadsEnabled: false)', async () => {
    const server = await bits({ uploadsEnabled: false });
    const report = await check(server.url('/up/probe.bin'));
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ kind: 'not-enabled', httpStatus: 501, code: '0x80070005' });
  });

  describe('with HTTP Basic authentication', () => {
    let server: BitsServer;
    beforeAll(async () => {
      server = await bits({ auth: { user: 'ann', password: 's3:cret' } });
    });

    it('asks for credentials when none are given', async () => {
      const report = await check(server.url('/up/probe.bin'));
      expect(report.problem).toMatchObject({ kind: 'auth', httpStatus: 401 });
      expect(report.problem!.message).toMatch(/none was given. It asks for Basic/);
    });

    it('reports wrong credentials', async () => {
      const report = await check(server.url('/up/probe.bin'), {
        auth: { headers: [], credentials: { user: 'ann', password: 'nope' } },
      });
      expect(report.problem!.message).toMatch(/rejected the user name and password/);
    });

    it('passes with the right ones', async () => {
      const report = await check(server.url('/up/probe.bin'), {
        auth: { headers: [], credentials: { user: 'ann', password: 's3:cret' } },
      });
      expect(report.ok).toBe(true);
    });
  });

  it('recognises a plain web server (Node refuses BITS_POST)', async () => {
    const web = http.createServer((_req, res) => res.end('<html>hello</html>'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => new Promise<void>((resolve) => web.close(() => resolve())) });
    const { port } = web.address() as AddressInfo;
    const report = await check(`http://127.0.0.1:${port}/up/probe.bin`);
    expect(report.problem!.kind).toBe('not-bits');
    expect(report.problem!.message).toMatch(/web server, but not a BITS upload endpoint/);
  });

  it('recognises a web server that answers every method with a page', async () => {
    const page = net.createServer((socket) => {
      socket.once('data', () => {
        const body = '<!doctype html><title>Welcome</title>';
        socket.end(
          `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        );
      });
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => new Promise<void>((resolve) => page.close(() => resolve())) });
    const { port } = page.address() as AddressInfo;
    const report = await check(`http://127.0.0.1:${port}/up/probe.bin`);
    expect(report.problem).toMatchObject({ kind: 'not-bits', httpStatus: 200 });
    expect(report.problem!.message).toMatch(/with a web page/);
  });

  it('reports a closed port as unreachable', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const report = await check(`http://127.0.0.1:${port}/up/probe.bin`);
    expect(report.problem!.kind).toBe('unreachable');
    expect(report.problem!.message).toMatch(/connection refused/);
  });

  it('reports an untrusted certificate, and passes once its CA is given', async () => {
    const cert = await makeSelfSignedCert(root);
    const server = await bits({ tls: { key: cert.key, cert: cert.cert } });
    const untrusted = await check(server.url('/up/probe.bin'));
    expect(untrusted.problem!.kind).toBe('tls');
    expect(untrusted.problem!.hint).toMatch(/--ca/);
    const transport = createNodeTransport({ tls: { ca: cert.cert } });
    try {
      const trusted = await checkEndpoint({ url: server.url('/up/probe.bin'), transport });
      expect(trusted.ok).toBe(true);
    } finally {
      transport.close();
    }
  });
});
