import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServe } from './testing/serve-fixture.js';

function wsStatus(
  port: number,
  protocols: string[],
  headers: Record<string, string> = {},
  path = '/api/events',
) {
  return new Promise<number | 'open'>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, protocols, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!));
    ws.on('error', () => undefined);
  });
}

describe('serve: who may use the API', () => {
  it('answers 401 without a token or with a wrong one, on every API route', async () => {
    const serve = await startTestServe();
    for (const path of [
      '/api/jobs:list',
      '/api/app:info',
      '/api/nope',
      '/api/stage/a.bin?size=1',
      '/api/replies/x/download',
    ]) {
      const none = await serve.request({ method: 'POST', path, body: '{}' });
      expect(none.status, path).toBe(401);
      expect(none.json().error.message).toMatch(/access token/);
      const wrong = await serve.request({
        method: 'POST',
        path,
        body: '{}',
        headers: { Authorization: `Bearer ${serve.token}x` },
      });
      expect(wrong.status, path).toBe(401);
    }
    expect((await serve.api('jobs:list')).status).toBe(200);
  });

  it('answers 401 on the WebSocket without the token subprotocol, and opens it with it', async () => {
    const serve = await startTestServe();
    expect(await wsStatus(serve.port, ['bits-uploader'])).toBe(401);
    expect(await wsStatus(serve.port, ['bits-uploader', 'token.wrong'])).toBe(401);
    expect(await wsStatus(serve.port, ['bits-uploader', `token.${serve.token}`])).toBe('open');
    expect(await wsStatus(serve.port, ['bits-uploader', `token.${serve.token}`], {}, '/api/other')).toBe(404);
  });

  it('answers 403 to another site’s Origin and to a Host that is not ours (DNS rebinding)', async () => {
    const serve = await startTestServe();
    const foreign = await serve.api('jobs:list', {}, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const own = await serve.api('jobs:list', {}, { Origin: `http://127.0.0.1:${serve.port}` });
    expect(own.status).toBe(200);
    const rebound = await serve.api('jobs:list', {}, { Host: `evil.example:${serve.port}` });
    expect(rebound.status).toBe(403);
    const page = await serve.request({ path: '/', headers: { Host: `evil.example:${serve.port}` } });
    expect(page.status).toBe(403);
    expect(
      await wsStatus(serve.port, ['bits-uploader', `token.${serve.token}`], {
        Origin: 'http://evil.example',
      }),
    ).toBe(403);
  });

  it('answers 413 to a body over the limit, 404 to unknown channels, 400 to malformed payloads', async () => {
    const serve = await startTestServe({ maxBodyBytes: 1000 });
    const big = await serve.api('jobs:list', { search: 'x'.repeat(2000) });
    expect(big.status).toBe(413);
    expect(big.json().error.code).toBe('too-large');
    const unknown = await serve.api('jobs:fly');
    expect(unknown.status).toBe(404);
    expect(unknown.json().error.code).toBe('unknown-channel');
    expect((await serve.api('__proto__')).status).toBe(404);
    const notJson = await serve.api('jobs:list', '{"states": [');
    expect(notJson.status).toBe(400);
    expect(notJson.json().error.message).toMatch(/not valid JSON/);
    const badSchema = await serve.api('jobs:move', { id: 'x', where: 'sideways' });
    expect(badSchema.status).toBe(400);
    expect(badSchema.json().error).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/^where: /),
    });
    const get = await serve.request({
      path: '/api/jobs:list',
      headers: { Authorization: `Bearer ${serve.token}` },
    });
    expect(get.status).toBe(400);
  });

  it('maps core errors to statuses with the wire shape', async () => {
    const serve = await startTestServe();
    const missing = await serve.api('jobs:suspend', { id: 'no-such-job' });
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not-found', message: expect.any(String) } });
    const open = await serve.api('replies:open', { jobId: 'no-such-job' });
    expect(open.status).toBe(404);
    const stageByPost = await serve.api('files:stage', { fileName: 'a', size: 1 });
    expect(stageByPost.status).toBe(501);
    expect(stageByPost.json().error.message).toMatch(/PUT \/api\/stage/);
  });

  it('refuses a non-loopback --host without --allow-remote, and warns with it', async () => {
    await expect(startTestServe({ host: '0.0.0.0' })).rejects.toThrow(/--allow-remote/);
    const remote = await startTestServe({ host: '0.0.0.0', allowRemote: true });
    expect(remote.warnings.join('\n')).toMatch(/anyone who can reach this address/);
  });

  it('keeps the token across restarts, owner-only', async () => {
    const serve = await startTestServe();
    const { statSync, readFileSync } = await import('node:fs');
    const file = `${serve.core.dataDir}/serve-token`;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(serve.token);
    expect(serve.url).toBe(`${serve.origin}/#token=${serve.token}`);
  });
});
