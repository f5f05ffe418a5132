import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BitsServer, startBitsServer } from './index.js';
import { createSession, makeRoot, RawClient, removeRoot } from './test-support.js';

const SIZE = 64 * 1024 * 1024;

/**
 * Socket reads allocate a fresh 64 KiB buffer each; V8 collects them lazily, which alone shows up
 * as 30-40 MiB of RSS whatever the upload size. Collecting while sampling makes the figure what
 * the server actually holds on to.
 */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
let root: string;
let server: BitsServer;

beforeEach(async () => {
  root = await makeRoot();
  server = await startBitsServer({ root });
});

afterEach(async () => {
  await server.close();
  await removeRoot(root);
});

/** Writes `size` bytes of a repeating 1 MiB block with backpressure, hashing what was sent. */
async function sendBody(socket: net.Socket, size: number): Promise<string> {
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 7 + 3) & 0xff;
  const hash = createHash('sha256');
  for (let sent = 0; sent < size; sent += block.length) {
    hash.update(block);
    if (!socket.write(block)) await new Promise((r) => socket.once('drain', r));
  }
  return hash.digest('hex');
}

describe('streaming a large fragment', () => {
  it('stores 64 MiB in one Fragment with bounded memory', async () => {
    const client = await RawClient.connect(server.port);
    const id = await createSession(client, '/up/big.bin');
    const gc = collector();
    gc();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
      gc();
    }, 10);
    client.send(
      `BITS_POST /up/big.bin HTTP/1.1\r\nHost: x\r\nBITS-Packet-Type: Fragment\r\nBITS-Session-Id: ${id}\r\n` +
        `Content-Range: bytes 0-${SIZE - 1}/${SIZE}\r\nContent-Length: ${SIZE}\r\n\r\n`,
    );
    const sentHash = await sendBody(client.socket, SIZE);
    const ack = await client.readResponse({ timeoutMs: 30_000 });
    clearInterval(sampler);
    expect(ack.get('BITS-Received-Content-Range')).toBe(String(SIZE));
    // Client and server share this process; both stream, so growth stays far below the 64 MiB body.
    expect(peak - before).toBeLessThan(SIZE / 2);
    const stored = createHash('sha256');
    for await (const chunk of createReadStream(server.filePath('/up/big.bin')))
      stored.update(chunk as Buffer);
    expect(stored.digest('hex')).toBe(sentHash);
    client.close();
  });
});
