import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from './app-origin.js';
import { denyAllPermissions, guardWebContents } from './web-contents-guard.js';

/** Stands for Electron's WebContents (no Electron binary here): real events, Electron's event shape. */
class FakeContents extends EventEmitter {
  windowOpen?: (details: { url: string }) => { action: string };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpen = handler;
  }
  fire(name: string, url: string): boolean {
    let prevented = false;
    this.emit(name, { url, preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

function guarded() {
  const contents = new FakeContents();
  const opened: string[] = [];
  guardWebContents(contents as unknown as WebContents, {
    appOrigin: APP_ORIGIN,
    openExternal: (url) => opened.push(url),
  });
  return { contents, opened };
}

describe('guardWebContents', () => {
  it('blocks navigation and redirects away from the app, and keeps in-app navigation', () => {
    const { contents, opened } = guarded();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(contents.fire(event, 'https://evil.example/'), event).toBe(true);
      expect(contents.fire(event, 'file:///etc/passwd'), event).toBe(true);
      expect(contents.fire(event, 'app://bits-uploader/index.html'), event).toBe(false);
    }
    expect(opened).toEqual(['https://evil.example/', 'https://evil.example/', 'https://evil.example/']);
  });

  it('refuses every new window, sending web links to the browser', () => {
    const { contents, opened } = guarded();
    expect(contents.windowOpen?.({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' });
    expect(contents.windowOpen?.({ url: 'app://bits-uploader/index.html' })).toEqual({ action: 'deny' });
    expect(contents.windowOpen?.({ url: 'file:///bin/sh' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/docs']);
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = guarded();
    expect(contents.fire('will-attach-webview', 'app://bits-uploader/')).toBe(true);
  });
});

describe('denyAllPermissions', () => {
  it('answers no to every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: ((...args: unknown[]) => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (handler: typeof request) => (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => (check = handler),
    } as unknown as Session);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      request?.({}, permission, (ok) => answers.push(ok));
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(check?.({}, 'media', APP_ORIGIN, {})).toBe(false);
  });
});
