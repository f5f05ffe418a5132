import { describe, expect, it } from 'vitest';
import { contentTypeFor, staticPathFor } from './static-files.js';
import { startTestServe } from './testing/serve-fixture.js';

describe('serve: the renderer build as static files', () => {
  it('serves the page and assets with their types, a strict CSP and nosniff', async () => {
    const serve = await startTestServe();
    const page = await serve.request({ path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body.toString()).toContain('<title>BITS Uploader</title>');
    const script = await serve.request({ path: '/assets/app.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await serve.request({ path: '/assets/style.css' })).headers['content-type']).toMatch(
      /^text\/css/,
    );
    expect((await serve.request({ path: '/assets/nested/x.svg' })).headers['content-type']).toBe(
      'image/svg+xml',
    );
    expect((await serve.request({ path: '/index.html?x=1' })).status).toBe(200);
  });

  it('lists no folders and lets no path out of the build folder', async () => {
    const serve = await startTestServe();
    for (const path of [
      '/assets',
      '/assets/',
      '/assets/nested/',
      '/../data/serve-token',
      '/assets/../../data/serve-token',
      '/%2e%2e/data/serve-token',
      '/assets/%2E%2E/%2e%2e/data/serve-token',
      '/..%2fdata%2fserve-token',
      '/..%5cdata%5cserve-token',
      '/assets\\..\\..\\data\\serve-token',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/missing.js',
    ]) {
      const answer = await serve.request({ path });
      expect(answer.status, path).toBe(404);
      expect(answer.body.toString(), path).not.toContain(serve.token);
    }
    expect((await serve.request({ method: 'POST', path: '/' })).status).toBe(405);
  });

  it('resolves paths only inside the root (the pure rule)', () => {
    expect(staticPathFor('/srv/ui', '/')).toBe('/srv/ui/index.html');
    expect(staticPathFor('/srv/ui', '/assets/a.js')).toBe('/srv/ui/assets/a.js');
    expect(staticPathFor('/srv/ui', '/a%20b.js')).toBe('/srv/ui/a b.js');
    expect(staticPathFor('/srv/ui', '/%2e%2e/x')).toBeUndefined();
    expect(staticPathFor('/srv/ui', '/a/./b')).toBeUndefined();
    expect(staticPathFor('/srv/ui', '/a\\b')).toBeUndefined();
    expect(staticPathFor('/srv/ui', '/a%00b')).toBeUndefined();
    expect(staticPathFor('/srv/ui', 'relative')).toBeUndefined();
    expect(contentTypeFor('/x/y.WOFF2')).toBe('font/woff2');
    expect(contentTypeFor('/x/y.unknown')).toBe('application/octet-stream');
  });
});
