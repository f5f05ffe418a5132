import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP } from './app-csp.js';
import { createAppProtocolHandler, lookupAsset } from './app-protocol.js';

describe('lookupAsset', () => {
  it('maps app://bits-uploader/ paths into the build folder', () => {
    expect(lookupAsset('app://bits-uploader/')).toEqual({ kind: 'file', relative: 'index.html' });
    expect(lookupAsset('app://bits-uploader')).toEqual({ kind: 'file', relative: 'index.html' });
    expect(lookupAsset('app://bits-uploader/assets/index-abc.js?x=1#y')).toEqual({
      kind: 'file',
      relative: 'assets/index-abc.js',
    });
    expect(lookupAsset('app://bits-uploader/assets/a%20b.css')).toEqual({
      kind: 'file',
      relative: 'assets/a b.css',
    });
  });

  it('keeps dot segments inside the build (the URL parser resolves them first)', () => {
    expect(lookupAsset('app://bits-uploader/%2e%2e/%2e%2e/etc/passwd')).toEqual({
      kind: 'file',
      relative: 'etc/passwd',
    });
    expect(lookupAsset('app://bits-uploader/assets/../../../x.js')).toEqual({
      kind: 'file',
      relative: 'x.js',
    });
  });

  it('refuses escapes, encoded separators, hidden files, other hosts and junk', () => {
    const refused = [
      'app://bits-uploader/assets/..%2F..%2Fsecret',
      'app://bits-uploader/assets/..%5C..%5Csecret',
      'app://bits-uploader/a%00.js',
      'app://bits-uploader/.env',
      'app://bits-uploader/C:%5CWindows',
      'app://bits-uploader/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
      'not a url',
    ];
    for (const url of refused) expect(lookupAsset(url).kind, url).toBe('refused');
  });
});

describe('createAppProtocolHandler (real files)', () => {
  let dir: string;
  let handle: ReturnType<typeof createAppProtocolHandler>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bits-app-'));
    const root = path.join(dir, 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>BITS</title>');
    writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'secret.txt'), 'top secret');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
    handle = createAppProtocolHandler(root);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

  it('serves the page with its type and the strict CSP', async () => {
    const response = await get('app://bits-uploader/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>BITS</title>');
    const script = await get('app://bits-uploader/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
  });

  it('never lists a folder, follows a symlink out, or answers other methods', async () => {
    expect((await get('app://bits-uploader/assets')).status).toBe(404);
    expect((await get('app://bits-uploader/assets/link.txt')).status).toBe(404);
    expect((await get('app://bits-uploader/missing.js')).status).toBe(404);
    expect((await get('app://bits-uploader/assets/..%2F..%2Fsecret.txt')).status).toBe(404);
    expect((await get('app://bits-uploader/index.html', 'POST')).status).toBe(405);
    const refused = await get('app://bits-uploader/nope');
    expect(refused.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await refused.text()).not.toContain('top secret');
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://bits-uploader/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('34');
  });
});
