import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BitsServer, makeSelfSignedCert, startBitsServer } from '../../e2e/bits-server/index.js';
import { main } from './main.js';
import { realIo } from './testing/real-io.js';

/**
 * Running "the same command again" with a changed --ca / --reply / --header value resumes the
 * job with the settings given now (a CA or header fixed after a failure must take effect).
 */

let root: string;
let server: BitsServer;
let tlsServer: BitsServer;
let caPath: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bits-cli-resume-'));
  server = await startBitsServer({ root: join(root, 'server'), reply: { build: () => 'the reply' } });
  const cert = await makeSelfSignedCert(root);
  caPath = cert.caPath;
  tlsServer = await startBitsServer({
    root: join(root, 'tls-server'),
    tls: { key: cert.key, cert: cert.cert },
  });
});
afterEach(() => server.faults.clear());
afterAll(async () => {
  await server.close();
  await tlsServer.close();
  await rm(root, { recursive: true, force: true });
});

async function sourceFile(name: string, size: number): Promise<string> {
  const path = join(root, name);
  await writeFile(path, randomBytes(size));
  return path;
}

/** Runs argv until 128 KiB are acknowledged (the next fragment stalls), then Ctrl-C. */
async function interruptAfterTwoFragments(argv: string[]): Promise<void> {
  server.faults.add({
    match: { packet: 'Fragment', minOffset: 128 * 1024 },
    action: { type: 'stall', ms: Infinity },
  });
  const first = realIo(root);
  const running = main([...argv, '--json'], first.io);
  const deadline = Date.now() + 10_000;
  while (!first.events().some((e) => e.event === 'progress' && (e.bytesAcked as number) >= 128 * 1024)) {
    if (Date.now() > deadline) throw new Error(`no progress: ${first.err()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  first.interrupt();
  expect(await running).toBe(130);
  server.faults.clear();
}

describe('the same command again, with a setting fixed', () => {
  it('uses --ca given on the rerun after a TLS failure (the failure message says to pass --ca)', async () => {
    const file = await sourceFile('tls.bin', 1000);
    const dataDir = join(root, 'data-tls');
    const url = tlsServer.url('/up/tls.bin');
    const first = realIo(root);
    expect(await main(['upload', file, url, '--data-dir', dataDir], first.io)).toBe(1);
    expect(first.err()).toMatch(/--ca/);

    const second = realIo(root);
    const code = await main(['upload', file, url, '--data-dir', dataDir, '--ca', caPath], second.io);
    expect(code, second.err()).toBe(0);
  });

  it('saves the reply at the --reply path given now, or says it will not', async () => {
    const file = await sourceFile('reply.bin', 400_000);
    const dataDir = join(root, 'data-reply');
    await mkdir(join(root, 'r1'));
    await mkdir(join(root, 'r2'));
    const url = server.url('/reply/reply.bin');
    const base = ['upload', file, url, '--data-dir', dataDir, '--fragment-size', '64K'];
    await interruptAfterTwoFragments([...base, '--reply', join(root, 'r1', 'reply.txt')]);

    const second = realIo(root);
    const code = await main([...base, '--reply', join(root, 'r2', 'reply.txt')], second.io);
    expect(code, second.err()).toBe(0);
    const honoured = existsSync(join(root, 'r2', 'reply.txt'));
    const warned = /--reply/.test(second.err());
    expect(honoured || warned, second.err()).toBe(true);
  });

  it('sends the --header value given now, or says it will not', async () => {
    const file = await sourceFile('header.bin', 400_000);
    const dataDir = join(root, 'data-header');
    const url = server.url('/up/header.bin');
    const base = ['upload', file, url, '--data-dir', dataDir, '--fragment-size', '64K'];
    await interruptAfterTwoFragments([...base, '--header', 'X-Token: old-token']);

    const logStart = server.log.length;
    const second = realIo(root);
    const code = await main([...base, '--header', 'X-Token: new-token'], second.io);
    expect(code, second.err()).toBe(0);
    const sent = server.log
      .slice(logStart)
      .flatMap((entry) =>
        entry.headers.filter(([name]) => name.toLowerCase() === 'x-token').map(([, v]) => v),
      );
    const honoured = sent.length > 0 && sent.every((value) => value === 'new-token');
    const warned = /--header/.test(second.err());
    expect(honoured || warned, `sent ${sent.join(',')}\n${second.err()}`).toBe(true);
  });
});
