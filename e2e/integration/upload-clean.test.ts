import { describe, expect, it } from 'vitest';
import { packetLog, randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';

describe('client ⇄ reference server: clean uploads, byte for byte', () => {
  for (const [name, size] of [
    ['a zero-byte file', 0],
    ['a one-byte file', 1],
    ['a file of exactly two fragments', 2 * 64 * 1024],
    ['a file of 3 MB plus change', 3 * 1024 * 1024 + 123],
  ] as const) {
    it(`uploads ${name}`, async () => {
      const server = await serverFor();
      const dir = await tempDir();
      const file = await randomFile(dir, size);
      const result = await uploadWithRetries({
        url: server.url('/up/data.bin'),
        kind: 'upload',
        filePath: file.path,
        fragmentSize: 64 * 1024,
      });
      expect(result.attempts).toBe(1);
      expect((await storedBytes(server, '/up/data.bin')).equals(file.bytes)).toBe(true);
      const fragments = server.log.filter((entry) => entry.packetType === 'Fragment');
      expect(fragments.length).toBe(Math.max(1, Math.ceil(size / (64 * 1024))));
      expect(packetLog(server).at(-1)).toBe('Close-Session 200');
    });
  }

  it('keeps the query string and one keep-alive connection for the whole session', async () => {
    const server = await serverFor();
    const dir = await tempDir();
    const file = await randomFile(dir, 300_000);
    await uploadWithRetries({
      url: server.url('/up/q.bin?tenant=7&x=%20y'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: 64 * 1024,
    });
    expect(server.log.every((entry) => entry.target === '/up/q.bin?tenant=7&x=%20y')).toBe(true);
    expect(new Set(server.log.map((entry) => entry.connectionId)).size).toBe(1);
    expect((await storedBytes(server, '/up/q.bin')).equals(file.bytes)).toBe(true);
  });

  it('answers the Basic challenge, then sends custom headers and credentials on every packet', async () => {
    const server = await serverFor({ auth: { user: 'ann', password: 'pa:ss' } });
    const dir = await tempDir();
    const file = await randomFile(dir, 100_000);
    await uploadWithRetries({
      url: server.url('/up/auth.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: 64 * 1024,
      auth: { headers: [['X-Tenant', 'blue']], credentials: { user: 'ann', password: 'pa:ss' } },
    });
    const [challenged, ...rest] = server.log;
    expect(challenged?.status).toBe(401);
    expect(challenged?.headers.some(([name]) => name.toLowerCase() === 'authorization')).toBe(false);
    for (const entry of rest) {
      const names = entry.headers.map(([name]) => name.toLowerCase());
      expect(names).toContain('x-tenant');
      expect(names).toContain('authorization');
      expect(entry.status).toBe(200);
    }
  });

  it('fails clearly (not retrying forever) when the server requires credentials we do not have', async () => {
    const server = await serverFor({ auth: { user: 'ann', password: 'x' } });
    const dir = await tempDir();
    const file = await randomFile(dir, 1000);
    const failure = await uploadWithRetries({
      url: server.url('/up/a.bin'),
      kind: 'upload',
      filePath: file.path,
    }).catch((error) => error);
    expect(failure.httpStatus).toBe(401);
    expect(failure.classification).toBe('fatal');
    expect(failure.hint).toMatch(/--user/);
    expect(server.log).toHaveLength(1);
  });

  it('reports uploads that are not enabled (501) as fatal with a plain explanation', async () => {
    const server = await serverFor({ uploadsEnabled: false });
    const dir = await tempDir();
    const file = await randomFile(dir, 1000);
    const failure = await uploadWithRetries({
      url: server.url('/up/a.bin'),
      kind: 'upload',
      filePath: file.path,
    }).catch((error) => error);
    expect(failure.message).toMatch(/not enabled/);
    expect(failure.classification).toBe('fatal');
  });
});

describe('client ⇄ reference server: the streaming path', () => {
  for (const limited of [false, true]) {
    it(`recycles read buffers without corrupting a large upload${limited ? ' (sliced by a bandwidth limit)' : ''}`, async () => {
      const server = await serverFor();
      const dir = await tempDir();
      const file = await randomFile(dir, 48 * 1024 * 1024 + 12_345);
      await uploadWithRetries({
        url: server.url('/up/big.bin'),
        kind: 'upload',
        filePath: file.path,
        // Odd fragment size: fragment and chunk boundaries never line up.
        fragmentSize: 3 * 1024 * 1024 + 4097,
        throttle: limited ? { active: () => true, consume: async () => undefined } : undefined,
      });
      expect((await storedBytes(server, '/up/big.bin')).equals(file.bytes)).toBe(true);
    });
  }

  it('under a bandwidth limit, tells of body bytes every throttle slice, not once per 1 MiB read', async () => {
    const server = await serverFor();
    const dir = await tempDir();
    const file = await randomFile(dir, 4 * 1024 * 1024);
    const reported: number[] = [];
    await uploadWithRetries({
      url: server.url('/up/paced.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: 2 * 1024 * 1024,
      throttle: { active: () => true, consume: async () => undefined },
      onBodyProgress: (sent) => reported.push(sent),
    });
    // Each fragment's count starts over; within one, no step may be bigger than a 16 KiB slice.
    const steps = reported.map((sent, i) => sent - (i > 0 && sent > reported[i - 1]! ? reported[i - 1]! : 0));
    expect(Math.max(...steps)).toBeLessThanOrEqual(16 * 1024);
    expect(reported.filter((sent) => sent === 2 * 1024 * 1024)).toHaveLength(2);
    expect((await storedBytes(server, '/up/paced.bin')).equals(file.bytes)).toBe(true);
  });

  it('under a slow bandwidth limit, the first automatic fragment is what the limit sends in about two seconds', async () => {
    const fragmentsOf = async (limitBps: number | undefined) => {
      const server = await serverFor();
      const file = await randomFile(await tempDir(), 6 * 1024 * 1024);
      await uploadWithRetries({
        url: server.url('/up/limited.bin'),
        kind: 'upload',
        filePath: file.path,
        throttle: {
          active: () => limitBps !== undefined,
          consume: async () => undefined,
          limitBps: () => limitBps ?? 0,
        },
      });
      expect((await storedBytes(server, '/up/limited.bin')).equals(file.bytes)).toBe(true);
      return server.log.filter((entry) => entry.packetType === 'Fragment').map((entry) => entry.bodyBytes);
    };
    // 256 KiB/s: the 1 MiB floor, not the whole 6 MiB file in one request a minute long.
    expect((await fragmentsOf(256 * 1024))[0]).toBe(1024 * 1024);
    // 2 MiB/s: about two seconds' worth.
    expect((await fragmentsOf(2 * 1024 * 1024))[0]).toBe(4 * 1024 * 1024);
    // No limit: the usual 8 MiB start, here the whole file.
    expect(await fragmentsOf(undefined)).toEqual([6 * 1024 * 1024]);
  });
});
