import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BitsServer, makeSelfSignedCert, startBitsServer } from '../../e2e/bits-server/index.js';
import { createNodeTransport } from '../bits/http/node-transport.js';
import { renderCheckReport } from './check-render.js';
import { main } from './main.js';
import { fakeIo } from './testing/fake-io.js';

let root: string;
const servers: BitsServer[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bits-cli-check-'));
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await rm(root, { recursive: true, force: true });
});

async function bits(options: Partial<Parameters<typeof startBitsServer>[0]> = {}) {
  const server = await startBitsServer({ root, ...options });
  servers.push(server);
  return server;
}

/** Runs `bits-uploader check ...` with real sockets. */
async function check(argv: string[], options: Parameters<typeof fakeIo>[0] = {}) {
  const t = fakeIo({ cwd: root, ...options });
  t.io.createTransport = ({ ca }) => createNodeTransport(ca ? { tls: { ca } } : {});
  const code = await main(['check', ...argv], t.io);
  return { code, out: t.out(), err: t.err() };
}

describe('bits-uploader check (against the reference server)', () => {
  it('reports a working endpoint and exits 0', async () => {
    const server = await bits();
    const { code, out } = await check([server.url('/up/probe.bin')]);
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      `Checking ${server.url('/up/probe.bin')}`,
      '  ✓ Ping            HTTP 200  the server answered with a BITS Ack',
      expect.stringMatching(/^ {2}✓ Create-Session {2}HTTP 200 {2}the server opened upload session \{.+\}$/),
      '  ✓ Cancel-Session  HTTP 200  the test session was discarded',
      'OK: this URL accepts BITS uploads.',
      '',
    ]);
    expect(server.sessions.list()).toHaveLength(0);
  });

  it('says which authentication scheme it used: NTLM for a domain account, Digest with its algorithm', async () => {
    const ntlm = await bits({ auth: { scheme: 'ntlm', users: { 'CORP\\ann': 's3cret' } } });
    const first = await check([ntlm.url('/up/probe.bin'), '--user', 'CORP\\ann:s3cret']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('  Authentication: NTLM\n');
    expect(first.out).not.toContain('s3cret');
    const digest = await bits({ auth: { scheme: 'digest', users: { ann: 's3cret' } } });
    const second = await check([digest.url('/up/probe.bin'), '--user', 'ann:s3cret']);
    expect(second.out).toContain('  Authentication: Digest (SHA-256)\n');
  });

  it('explains a disabled endpoint and exits 1', async () => {
    const server = await bits({ uploadsEnabled: false });
    const { code, out } = await check([server.url('/up/probe.bin')]);
    expect(code).toBe(1);
    expect(out).toContain('  ✗ Ping  HTTP 501\n');
    expect(out).toContain(
      'Problem (BITS uploads not enabled): BITS uploads are not enabled on this IIS virtual directory (HTTP 501)',
    );
    expect(out).toMatch(/What to do: Check the URL/);
    expect(out).toMatch(/Server answered: HTTP\/1\.1 501/);
  });

  it('uses --user, and warns that Basic over http is readable', async () => {
    const server = await bits({ auth: { user: 'ann', password: 'pw' } });
    const denied = await check([server.url('/up/probe.bin')]);
    expect(denied.code).toBe(1);
    expect(denied.out).toMatch(/Problem \(authentication\): The server requires a user name and password/);
    const allowed = await check([server.url('/up/probe.bin'), '--user', 'ann:pw']);
    expect(allowed.code).toBe(0);
    expect(allowed.err).toMatch(/^Warning: Your user name and password will be sent unencrypted/);
  });

  it('prints one JSON object with --json', async () => {
    const server = await bits();
    const { code, out } = await check([server.url('/up/probe.bin'), '--json', '--header', 'X-Trace: 1']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ ok: true, url: server.url('/up/probe.bin') });
    expect(report.steps).toHaveLength(3);
    expect(
      server.log.every((entry) => entry.headers.some(([name, value]) => name === 'X-Trace' && value === '1')),
    ).toBe(true);
  });

  it('reports a closed port as unreachable', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { code, out } = await check([`http://127.0.0.1:${port}/up/x.bin`]);
    expect(code).toBe(1);
    expect(out).toMatch(
      /Problem \(server unreachable\): Could not connect to 127\.0\.0\.1:\d+ \(connection refused/,
    );
  });

  it('trusts a private CA given with --ca', async () => {
    const cert = await makeSelfSignedCert(root);
    const server = await bits({ tls: { key: cert.key, cert: cert.cert } });
    const untrusted = await check([server.url('/up/probe.bin')]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.out).toMatch(/Problem \(secure connection failed\)/);
    await writeFile(join(root, 'ca.pem'), cert.cert);
    const trusted = await check([server.url('/up/probe.bin'), '--ca', 'ca.pem']);
    expect(trusted.code).toBe(0);
  });

  it('exits 130 when interrupted', async () => {
    // Accepts connections and never answers.
    const sockets: net.Socket[] = [];
    const blackhole = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    const { port } = blackhole.address() as AddressInfo;
    const t = fakeIo({ cwd: root });
    t.io.createTransport = () => createNodeTransport();
    const running = main(['check', `http://127.0.0.1:${port}/up/x.bin`], t.io);
    await new Promise((resolve) => setTimeout(resolve, 50));
    t.interrupt();
    expect(await running).toBe(130);
    expect(t.err()).toBe('Interrupted.\n');
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  });
});

describe('renderCheckReport', () => {
  it('shows the farm node and a transport detail when there is no HTTP answer', () => {
    expect(
      renderCheckReport({
        ok: true,
        url: 'http://h/x',
        steps: [{ packet: 'Ping', status: 200, ok: true, detail: 'ok' }],
        hostId: 'node2',
      }),
    ).toContain('uploads continue on node node2');
    const text = renderCheckReport({
      ok: false,
      url: 'http://h/x',
      steps: [{ packet: 'Ping', ok: false, detail: 'Could not connect.' }],
      problem: {
        kind: 'unreachable',
        message: 'Could not connect.',
        hint: 'Check.',
        evidence: { detail: 'ECONNREFUSED' },
      },
    });
    expect(text).toBe(
      'Checking http://h/x\n  ✗ Ping\nProblem (server unreachable): Could not connect.\n  What to do: Check.\n  Detail: ECONNREFUSED\n',
    );
  });
});
