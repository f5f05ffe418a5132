import { open, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HRESULT } from '../../shared/bits-codes.js';
import { makeSelfSignedCert } from '../bits-server/index.js';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';

describe('client ⇄ reference server: farms, TLS, local files', () => {
  it('follows BITS-Host-Id to the farm node: Ping first, then every packet there', async () => {
    // The node holds the sessions; the "farm address" shares its store, as a load balancer would.
    const node = await serverFor();
    const farm = await serverFor({
      sessions: node.sessions,
      hostId: `127.0.0.1:${node.port}`,
      hostIdFallbackTimeoutSec: 60,
    });
    const dir = await tempDir();
    const file = await randomFile(dir, 300_000);
    await uploadWithRetries({
      url: farm.url('/up/farm.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: 64 * 1024,
      auth: { headers: [['X-Tenant', 'blue']] },
    });
    expect(farm.log.map((entry) => entry.packetType)).toEqual(['Create-Session']);
    const nodePackets = node.log.map((entry) => entry.packetType);
    expect(nodePackets[0]).toBe('Ping');
    expect(nodePackets.filter((packet) => packet === 'Fragment')).toHaveLength(5);
    expect(nodePackets.at(-1)).toBe('Close-Session');
    expect(node.log.every((entry) => entry.headers.some(([name]) => name.toLowerCase() === 'x-tenant'))).toBe(
      true,
    );
    // The session lives under the root of the instance that created it.
    expect((await readFile(farm.filePath('/up/farm.bin'))).equals(file.bytes)).toBe(true);
  });

  it('uploads over HTTPS trusting an extra CA file, and refuses an untrusted certificate clearly', async () => {
    const dir = await tempDir();
    const cert = await makeSelfSignedCert(dir);
    const server = await serverFor({ tls: { key: cert.key, cert: cert.cert } });
    const file = await randomFile(dir, 100_000);
    const untrusted = await uploadWithRetries({
      url: server.url('/up/tls.bin'),
      kind: 'upload',
      filePath: file.path,
    }).catch((error) => error);
    expect(untrusted.classification).toBe('fatal');
    expect(untrusted.hint).toMatch(/--ca/);
    await uploadWithRetries({
      url: server.url('/up/tls.bin'),
      kind: 'upload',
      filePath: file.path,
      transportOptions: { tls: { ca: await readFile(cert.caPath, 'utf8') } },
    });
    expect((await storedBytes(server, '/up/tls.bin')).equals(file.bytes)).toBe(true);
  });

  it('stops with a clear error when the local file changes mid-upload, never sending mixed content', async () => {
    const server = await serverFor();
    const dir = await tempDir();
    const file = await randomFile(dir, 400_000);
    let changed = false;
    const error = await uploadWithRetries({
      url: server.url('/up/changing.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: 64 * 1024,
      onProgress: () => {
        if (changed) return;
        changed = true;
        // Same size, new content and timestamp: only the mtime gives it away.
        void writeFile(file.path, Buffer.alloc(400_000, 1)).then(() =>
          utimes(file.path, new Date(), new Date(Date.now() + 5000)),
        );
      },
    }).catch((failure) => failure);
    expect(error.code).toBe(HRESULT.BG_E_LOCAL_FILE_CHANGED);
    expect(error.message).toMatch(/changed during the upload/);
    const fragments = server.log.filter((entry) => entry.packetType === 'Fragment');
    expect(fragments.length).toBeLessThan(7);
  });

  it('handles offsets past 4 GiB (sparse file, server session seeded near the boundary)', async () => {
    const server = await serverFor();
    const dir = await tempDir();
    const size = 4 * 1024 ** 3 + 3 * 1024 * 1024 + 5;
    const path = join(dir, 'huge.bin');
    const handle = await open(path, 'w');
    const tail = Buffer.alloc(6 * 1024 * 1024 + 5);
    for (let i = 0; i < tail.length; i++) tail[i] = (i * 7 + 3) & 0xff;
    await handle.truncate(size);
    await handle.write(tail, 0, tail.length, size - tail.length);
    await handle.close();
    const start = size - tail.length;
    const sessionId = server.sessions.seed({ urlPath: '/up/huge.bin', received: start, total: size });
    const { mtimeMs } = await stat(path);
    const result = await uploadWithRetries({
      url: server.url('/up/huge.bin'),
      kind: 'upload',
      filePath: path,
      fragmentSize: 4 * 1024 * 1024,
      // The offsets are the point: hashing the 4 GiB before them (here and in the server's
      // Repr-Digest check) would add tens of seconds on a loaded machine and test nothing more.
      digest: false,
      state: {
        sessionId,
        acked: start,
        fileSize: size,
        fileMtimeMs: Math.trunc(mtimeMs),
        uploadComplete: false,
        replyDone: false,
        closeSent: false,
        restartsWithoutProgress: 0,
      },
    });
    expect(result.attempts).toBe(1);
    const ranges = server.log
      .filter((entry) => entry.packetType === 'Fragment')
      .map((entry) => entry.headers.find(([name]) => name.toLowerCase() === 'content-range')?.[1]);
    expect(ranges[0]).toBe(`bytes ${start}-${start + 4 * 1024 * 1024 - 1}/${size}`);
    expect(ranges.at(-1)).toBe(`bytes ${start + 4 * 1024 * 1024}-${size - 1}/${size}`);
    const stored = await open(server.filePath('/up/huge.bin'), 'r');
    const back = Buffer.alloc(tail.length);
    await stored.read(back, 0, back.length, start);
    const info = await stored.stat();
    await stored.close();
    expect(info.size).toBe(size);
    expect(back.equals(tail)).toBe(true);
  });
});
