import { describe, expect, it } from 'vitest';
import { DEV_SERVER_ENV, rendererLocation } from './renderer-url.js';

describe('rendererLocation', () => {
  it('loads the build over app:// when packaged, whatever the environment says', () => {
    const packaged = rendererLocation({
      isPackaged: true,
      env: { [DEV_SERVER_ENV]: 'http://127.0.0.1:5173/' },
    });
    expect(packaged).toEqual({ url: 'app://bits-uploader/index.html', origin: 'app://bits-uploader' });
  });

  it('loads the build over app:// in development without a dev server', () => {
    expect(rendererLocation({ isPackaged: false, env: {} }).url).toBe('app://bits-uploader/index.html');
    expect(rendererLocation({ isPackaged: false, env: { [DEV_SERVER_ENV]: '  ' } }).url).toBe(
      'app://bits-uploader/index.html',
    );
  });

  it('uses a loopback dev server in development', () => {
    expect(
      rendererLocation({ isPackaged: false, env: { [DEV_SERVER_ENV]: 'http://127.0.0.1:5173/' } }),
    ).toEqual({
      url: 'http://127.0.0.1:5173/',
      origin: 'http://127.0.0.1:5173',
    });
    expect(
      rendererLocation({ isPackaged: false, env: { [DEV_SERVER_ENV]: 'http://localhost:5173' } }).origin,
    ).toBe('http://localhost:5173');
  });

  it('refuses a remote, https-less-loopback, credentialed or broken dev server URL', () => {
    for (const bad of [
      'http://example.com:5173/',
      'http://192.168.1.5:5173/',
      'https://127.0.0.1.evil.example/',
      'file:///tmp/index.html',
      'http://user:pw@127.0.0.1:5173/',
      'nonsense',
    ]) {
      expect(() => rendererLocation({ isPackaged: false, env: { [DEV_SERVER_ENV]: bad } }), bad).toThrow(
        DEV_SERVER_ENV,
      );
    }
  });
});
