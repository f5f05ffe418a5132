import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, type IssuedCert, startBitsServer, TestCa } from '../../e2e/bits-server/index.js';
import { startTinyproxy, TINYPROXY_MISSING } from '../../e2e/integration/support-tinyproxy.js';
import { createCore } from '../core.js';
import { main } from './main.js';
import { realIo } from './testing/real-io.js';

let root: string;
let serverCa: TestCa;
let clientCa: TestCa;
let serverLeaf: IssuedCert;
let client: IssuedCert;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bits-cli-tls-'));
  serverCa = await TestCa.create(root, 'Server CA');
  clientCa = await TestCa.create(root, 'Client CA');
  serverLeaf = await serverCa.issue({ name: 'localhost', altNames: 'IP:127.0.0.1,DNS:localhost' });
  client = await clientCa.issue({ name: 'uploader', usage: 'client' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function sourceFile(name: string, size: number): Promise<{ path: string; bytes: Buffer }> {
  const bytes = randomBytes(size);
  const path = join(root, name);
  await writeFile(path, bytes);
  return { path, bytes };
}

describe('bits-uploader with client certificates and pins', () => {
  it('upload --pfx asks for nothing with the passphrase in the environment, and stores the file', async () => {
    const server = await startBitsServer({
      root: join(root, 'srv-pfx'),
      tls: { key: serverLeaf.key, cert: serverLeaf.cert, clientCa: clientCa.cert },
    });
    try {
      const pfx = await clientCa.pkcs12(client, 'p12-secret');
      const file = await sourceFile('pfx.bin', 100_000);
      const t = realIo(root, { env: { BITS_UPLOADER_CERT_PASSPHRASE: 'p12-secret' } });
      const url = server.url('/up/pfx.bin');
      const argv = ['upload', file.path, url, '--ca', serverCa.certPath, '--pfx', pfx];
      const code = await main([...argv, '--data-dir', join(root, 'data-pfx')], t.io);
      expect(code, t.err()).toBe(0);
      expect((await readFile(server.filePath('/up/pfx.bin'))).equals(file.bytes)).toBe(true);
      // The passphrase is sealed like a password: not in the data folder's files.
      for (const name of ['bits-uploader.db', 'bits-uploader.db-wal']) {
        const bytes = await readFile(join(root, 'data-pfx', name)).catch(() => Buffer.alloc(0));
        expect(bytes.includes(Buffer.from('p12-secret'))).toBe(false);
      }
    } finally {
      await server.close();
    }
  });

  it('upload without the certificate fails plainly, and a wrong PKCS#12 passphrase is a usage error', async () => {
    const server = await startBitsServer({
      root: join(root, 'srv-none'),
      tls: { key: serverLeaf.key, cert: serverLeaf.cert, clientCa: clientCa.cert },
    });
    try {
      const file = await sourceFile('none.bin', 10_000);
      const url = server.url('/up/none.bin');
      const t = realIo(root);
      const code = await main(
        ['upload', file.path, url, '--ca', serverCa.certPath, '--data-dir', join(root, 'data-none')],
        t.io,
      );
      expect(code).toBe(1);
      expect(t.err()).toMatch(/requires a client certificate and none was given/);
      expect(t.err()).toContain('--pfx');
      const pfx = await clientCa.pkcs12(client, 'right-one');
      const wrong = realIo(root, { env: { BITS_UPLOADER_CERT_PASSPHRASE: 'wrong-one' } });
      const argv = ['upload', file.path, url, '--pfx', pfx, '--data-dir', join(root, 'data-none')];
      expect(await main(argv, wrong.io)).toBe(2);
      expect(wrong.err()).toContain(
        `The client certificate ${pfx} cannot be opened: the passphrase is wrong or missing`,
      );
      expect(wrong.err()).not.toContain('wrong-one');
    } finally {
      await server.close();
    }
  });

  it('check without a certificate explains it is required; with --cert/--key it passes', async () => {
    const server = await startBitsServer({
      root: join(root, 'srv-pem'),
      tls: { key: serverLeaf.key, cert: serverLeaf.cert, clientCa: clientCa.cert },
    });
    try {
      const url = server.url('/up/check.bin');
      const without = realIo(root);
      expect(await main(['check', url, '--ca', serverCa.certPath], without.io)).toBe(1);
      expect(without.out()).toMatch(/requires a client certificate/);
      const withCert = realIo(root);
      const args = [
        'check',
        url,
        '--ca',
        serverCa.certPath,
        '--cert',
        client.certPath,
        '--key',
        client.keyPath,
      ];
      expect(await main(args, withCert.io), withCert.out()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('check --pin accepts the pinned self-signed server and shows both fingerprints otherwise', async () => {
    const selfSigned = await serverCa.issue({ name: 'self', altNames: 'IP:127.0.0.1', selfSigned: true });
    const server = await startBitsServer({ root: join(root, 'srv-pin'), tls: selfSigned });
    try {
      const pin = await fingerprintOf(selfSigned.certPath);
      const url = server.url('/up/pin.bin');
      const ok = realIo(root);
      expect(await main(['check', url, '--pin', `sha256:${pin}`], ok.io), ok.out()).toBe(0);
      const other = `sha256:${Buffer.alloc(32, 7).toString('base64')}`;
      const bad = realIo(root);
      expect(await main(['check', url, '--pin', other], bad.io)).toBe(1);
      expect(bad.out()).toContain(pin);
      expect(bad.out()).toContain('07:07:07');
      const usage = realIo(root);
      expect(await main(['check', url, '--pin', 'md5:1234'], usage.io)).toBe(2);
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(TINYPROXY_MISSING)('bits-uploader --proxy-pac', () => {
  it('check reports the proxy the PAC file chose', async () => {
    const proxy = await startTinyproxy();
    const server = await startBitsServer({ root: join(root, 'srv-pac') });
    try {
      const pac = join(root, 'office.pac');
      await writeFile(pac, `function FindProxyForURL(u, h) { return "PROXY 127.0.0.1:${proxy.port}"; }`);
      const t = realIo(root);
      const code = await main(['check', server.url('/up/pac.bin'), '--proxy-pac', pac], t.io);
      expect(code, t.out() + t.err()).toBe(0);
      expect(t.out()).toContain(`Proxy: http://127.0.0.1:${proxy.port} (chosen by the PAC file ${pac})`);
      expect(proxy.requests().length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it('the proxyPac setting carries an upload-reply job, reply download included, with a PAC on loopback', async () => {
    const proxy = await startTinyproxy();
    const server = await startBitsServer({
      root: join(root, 'srv-pac-setting'),
      reply: { build: ({ size }) => `got ${size}` },
    });
    try {
      const pac = join(root, 'setting.pac');
      await writeFile(
        pac,
        `function FindProxyForURL(u, h) { return "PROXY 127.0.0.1:${proxy.port}; DIRECT"; }`,
      );
      const dataDir = join(root, 'data-pac-setting');
      const core = await createCore({ dataDir, env: {} });
      await core.commands.updateSettings({ proxyPac: pac });
      await core.close();
      const file = await sourceFile('pac-setting.bin', 80_000);
      const url = server.url('/reply/pac-setting.bin');
      const t = realIo(root);
      const argv = ['upload', file.path, url, '--reply', 'pac-setting.reply', '--data-dir', dataDir];
      expect(await main(argv, t.io), t.err()).toBe(0);
      expect(await readFile(join(root, 'pac-setting.reply'), 'utf8')).toBe('got 80000');
      const carried = proxy.requests();
      expect(carried.some((line) => line.startsWith(`BITS_POST ${url} `))).toBe(true);
      expect(carried.some((line) => line.startsWith(`GET ${server.origin}/`))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
