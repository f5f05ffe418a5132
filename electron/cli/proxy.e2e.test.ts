import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BitsServer, startBitsServer } from '../../e2e/bits-server/index.js';
import { startTinyproxy, TINYPROXY_MISSING } from '../../e2e/integration/support-tinyproxy.js';
import { createCore } from '../core.js';
import { main } from './main.js';
import { realIo } from './testing/real-io.js';

let root: string;
let server: BitsServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bits-cli-proxy-'));
  server = await startBitsServer({
    root: join(root, 'server'),
    reply: { build: ({ size }) => `received ${size} bytes` },
  });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

async function sourceFile(name: string, size: number): Promise<{ path: string; bytes: Buffer }> {
  const bytes = randomBytes(size);
  const path = join(root, name);
  await writeFile(path, bytes);
  return { path, bytes };
}

const auth = { user: 'ann', password: 'pr0xy-pw' };

describe.skipIf(TINYPROXY_MISSING)('bits-uploader through a real proxy (tinyproxy)', () => {
  it('upload --proxy --proxy-user sends the upload and the reply download through the proxy', async () => {
    const proxy = await startTinyproxy({ auth });
    const file = await sourceFile('via-proxy.bin', 200_000);
    const t = realIo(root);
    const url = server.url('/reply/via-proxy.bin');
    const argv = ['upload', file.path, url, '--reply', 'via-proxy.reply', '--fragment-size', '64K'];
    const code = await main(
      [...argv, '--data-dir', join(root, 'data-a'), '--proxy', proxy.url, '--proxy-user', 'ann:pr0xy-pw'],
      t.io,
    );
    expect(code, t.err()).toBe(0);
    expect((await readFile(server.filePath('/reply/via-proxy.bin'))).equals(file.bytes)).toBe(true);
    expect(await readFile(join(root, 'via-proxy.reply'), 'utf8')).toBe('received 200000 bytes');
    const carried = await proxy.requests();
    expect(carried.filter((line) => line.startsWith(`BITS_POST ${url} `)).length).toBeGreaterThanOrEqual(5);
    expect(carried.some((line) => line.startsWith(`GET ${server.origin}/`))).toBe(true);
    expect(t.err()).not.toContain('pr0xy-pw');
  });

  it('takes the proxy setting when no --proxy is given, and --proxy direct overrides it', async () => {
    const proxy = await startTinyproxy();
    const dataDir = join(root, 'data-setting');
    const core = await createCore({ dataDir, env: {} });
    await core.commands.updateSettings({ proxy: proxy.url });
    await core.close();
    const file = await sourceFile('setting.bin', 50_000);
    const url = server.url('/up/setting.bin');
    expect(await main(['upload', file.path, url, '--data-dir', dataDir], realIo(root).io)).toBe(0);
    const before = (await proxy.requests()).length;
    expect(before).toBeGreaterThanOrEqual(3);
    const other = await sourceFile('direct.bin', 50_000);
    const direct = server.url('/up/direct.bin');
    expect(
      await main(['upload', other.path, direct, '--data-dir', dataDir, '--proxy', 'direct'], realIo(root).io),
    ).toBe(0);
    expect((await readFile(server.filePath('/up/direct.bin'))).equals(other.bytes)).toBe(true);
    expect((await proxy.requests()).length).toBe(before);
  });

  it('check --proxy says which proxy it used, and names the proxy when it wants credentials', async () => {
    const proxy = await startTinyproxy({ auth });
    const url = server.url('/up/checked.bin');
    const ok = realIo(root);
    expect(
      await main(['check', url, '--proxy', `http://ann:pr0xy-pw@127.0.0.1:${proxy.port}`], ok.io),
      ok.out(),
    ).toBe(0);
    expect(ok.out()).toContain(`  Proxy: ${proxy.url} (from --proxy)`);
    expect(ok.out()).not.toContain('pr0xy-pw');

    const refused = realIo(root);
    expect(await main(['check', url, '--proxy', proxy.url, '--json'], refused.io)).toBe(1);
    const report = JSON.parse(refused.out()) as { proxy: string; problem: { kind: string; message: string } };
    expect(report.proxy).toBe(`${proxy.url} (from --proxy)`);
    expect(report.problem).toMatchObject({
      kind: 'proxy',
      message: `The proxy ${proxy.url} requires authentication (HTTP 407).`,
    });
  });
});
