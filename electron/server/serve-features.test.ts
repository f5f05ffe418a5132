import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { makeSelfSignedCert } from '../../e2e/bits-server/index.js';
import { randomFile, serverFor, tempDir } from '../../e2e/integration/support.js';
import type { StreamMessage } from '../../shared/contract/events.js';
import { startTestServe, type TestServe } from './testing/serve-fixture.js';

function stage(serve: TestServe, name: string, body: Buffer, size = body.length) {
  return serve.request({
    method: 'PUT',
    path: `/api/stage/${encodeURIComponent(name)}?size=${size}`,
    headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/octet-stream' },
    body,
  });
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function openEvents(serve: TestServe, query = ''): Promise<{ messages: StreamMessage[]; ws: WebSocket }> {
  return new Promise((resolve, reject) => {
    const messages: StreamMessage[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api/events${query}`, [
      'bits-uploader',
      `token.${serve.token}`,
    ]);
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as StreamMessage;
      messages.push(message);
      if (message.kind === 'ready') resolve({ messages, ws });
    });
    ws.on('error', reject);
  });
}

describe('serve: files dropped in a browser, replies, events', () => {
  it('stages a dropped file, uploads it byte-identical, and deletes the copy when the job is removed', async () => {
    const bits = await serverFor();
    const serve = await startTestServe();
    const dir = await tempDir();
    const file = await randomFile(dir, 200_000, 'dropped report.bin');
    const staged = await stage(serve, 'dropped report.bin', file.bytes);
    expect(staged.status, staged.body.toString()).toBe(200);
    const { stagedPath, bytes } = staged.json();
    expect(bytes).toBe(200_000);
    expect(readFileSync(stagedPath).equals(file.bytes)).toBe(true);
    const added = await serve.api('jobs:add', {
      filePath: stagedPath,
      url: bits.url('/up/dropped%20report.bin'),
    });
    expect(added.status, added.body.toString()).toBe(200);
    const id = added.json().id;
    await until(
      async () =>
        (await serve.api('jobs:get', { id })).json().job.state === 'acknowledged' ? true : undefined,
      'the upload',
    );
    expect(readFileSync(bits.filePath('/up/dropped report.bin')).equals(file.bytes)).toBe(true);
    expect((await serve.api('jobs:remove', { ids: [id] })).json()).toEqual({ removed: [id] });
    await until(async () => (existsSync(stagedPath) ? undefined : true), 'the staged copy to go');
  });

  it('refuses oversized, short and badly named drops, and keeps no partial file', async () => {
    const serve = await startTestServe({ maxStageBytes: 1000 });
    const tooBig = await stage(serve, 'big.bin', Buffer.alloc(10), 5000);
    expect(tooBig.status).toBe(413);
    expect(tooBig.json().error.message).toMatch(/up to 1000 bytes/);
    const bad = await stage(serve, '..', Buffer.alloc(1));
    expect(bad.status).toBe(400);
    const slash = await stage(serve, 'a/b', Buffer.alloc(1));
    expect(slash.status).toBe(400);
    // A body that ends early (the browser tab closed): the client is cut off mid-body.
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port: serve.port,
        method: 'PUT',
        path: '/api/stage/cut.bin?size=900',
        headers: {
          Authorization: `Bearer ${serve.token}`,
          'Content-Length': 900,
          Host: `127.0.0.1:${serve.port}`,
        },
        agent: false,
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(300));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200);
    });
    const stagingDir = join(serve.core.dataDir, 'staging');
    await until(
      async () => ((await readdir(stagingDir)).length === 0 ? true : undefined),
      'the partial file to go',
    );
    const longer = await stage(serve, 'longer.bin', Buffer.alloc(600), 500);
    expect(longer.status).toBe(413);
    expect(await readdir(stagingDir)).toEqual([]);
  });

  it('downloads the reply of a finished upload-reply job as an attachment', async () => {
    const bits = await serverFor({ reply: { build: ({ size }) => `received ${size} bytes` } });
    const serve = await startTestServe();
    const dir = await tempDir();
    const file = await randomFile(dir, 5_000, 'with-reply.bin');
    const added = await serve.api('jobs:add', {
      filePath: file.path,
      url: bits.url('/reply/with-reply.bin'),
      type: 'upload-reply',
    });
    const id = added.json().id;
    await until(
      async () =>
        (await serve.api('jobs:get', { id })).json().job.state === 'acknowledged' ? true : undefined,
      'the reply',
    );
    const download = await serve.request({
      path: `/api/replies/${id}/download`,
      headers: { Authorization: `Bearer ${serve.token}` },
    });
    expect(download.status).toBe(200);
    expect(download.body.toString()).toBe('received 5000 bytes');
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="with-reply\.bin\.[0-9a-f]+\.reply"; filename\*=UTF-8''/,
    );
    expect(download.headers['content-type']).toBe('application/octet-stream');
    const preview = (await serve.api('replies:preview', { jobId: id })).json();
    expect(preview).toMatchObject({ kind: 'text', text: 'received 5000 bytes', truncated: false });
    const open = await serve.api('replies:open', { jobId: id });
    expect(open.status).toBe(501);
    expect(open.json().error.code).toBe('unsupported');
    const unauthenticated = await serve.request({ path: `/api/replies/${id}/download` });
    expect(unauthenticated.status).toBe(401);
  });

  it('writes replies only under its replies folder, and queues files only from allowed folders', async () => {
    const dir = await tempDir();
    const shared = join(dir, 'shared');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(shared);
    writeFileSync(join(shared, 'ok.bin'), 'x');
    writeFileSync(join(dir, 'secret.bin'), 'x');
    const serve = await startTestServe({ allowFolders: [shared] });
    const outside = await serve.api('jobs:add', {
      filePath: join(dir, 'secret.bin'),
      url: 'http://127.0.0.1:9/a',
      suspended: true,
    });
    expect(outside.status).toBe(403);
    expect(outside.json().error.code).toBe('not-allowed');
    const climbing = await serve.api('jobs:add', {
      filePath: join(shared, '..', 'secret.bin'),
      url: 'http://127.0.0.1:9/a',
      suspended: true,
    });
    expect(climbing.status).toBe(403);
    const inside = await serve.api('jobs:add', {
      filePath: join(shared, 'ok.bin'),
      url: 'http://127.0.0.1:9/a',
      suspended: true,
    });
    expect(inside.status).toBe(200);
    const reply = await serve.api('jobs:add', {
      filePath: join(shared, 'ok.bin'),
      url: 'http://127.0.0.1:9/b',
      type: 'upload-reply',
      replyPath: join(dir, 'elsewhere.reply'),
      suspended: true,
    });
    expect(reply.status).toBe(403);
    const folder = await serve.api('settings:update', { replyFolder: dir });
    expect(folder.status).toBe(403);
    const browse = await serve.api('files:browse', {});
    expect(browse.json()).toMatchObject({
      path: shared,
      entries: [{ name: 'ok.bin', kind: 'file', size: 1 }],
    });
    expect((await serve.api('files:browse', { path: dir })).status).toBe(403);
    // Below the HTTP layer too (the control socket, a future route): the core refuses it.
    await expect(
      serve.core.commands.add({
        filePath: join(shared, 'ok.bin'),
        url: 'http://127.0.0.1:9/c',
        type: 'upload-reply',
        replyPath: join(dir, 'elsewhere.reply'),
        suspended: true,
      }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/invalid-input|not-allowed/) });
  });

  it('streams numbered events, replays after a reconnect with since, and resyncs a stranger', async () => {
    const serve = await startTestServe();
    const first = await openEvents(serve);
    expect(first.messages[0]).toMatchObject({
      kind: 'ready',
      seq: 0,
      resync: true,
      hostRunId: serve.events.hostRunId,
    });
    await serve.api('settings:update', { maxConcurrentJobs: 4 });
    await serve.api('settings:update', { maxConcurrentJobs: 5 });
    await until(async () => (first.messages.length >= 3 ? true : undefined), 'two events');
    expect(first.messages.slice(1).map((m) => m.kind === 'event' && m.seq)).toEqual([1, 2]);
    first.ws.close();
    const again = await openEvents(serve, `?since=1&run=${serve.events.hostRunId}`);
    expect(again.messages.map((m) => (m.kind === 'event' ? m.seq : m.resync))).toEqual([2, false]);
    again.ws.close();
    const stranger = await openEvents(serve, '?since=1&run=another-run');
    expect(stranger.messages).toEqual([
      { kind: 'ready', seq: 2, resync: true, hostRunId: serve.events.hostRunId },
    ]);
    stranger.ws.close();
  });

  it('serves HTTPS with --tls-cert/--tls-key', async () => {
    const dir = await tempDir();
    const cert = await makeSelfSignedCert(dir);
    const keyFile = join(dir, 'localhost-key.pem');
    const serve = await startTestServe({ tls: { certFile: cert.caPath, keyFile } });
    expect(serve.origin).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const httpsModule = await import('node:https');
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpsModule.request(
        `${serve.origin}/api/jobs:list`,
        { method: 'POST', ca: cert.cert, headers: { Authorization: `Bearer ${serve.token}` }, agent: false },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(answer).toEqual({ status: 200, body: '{"jobs":[],"total":0}' });
  });
});
