import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../shared/contract/core-api.js';
import { createCore } from '../core.js';
import { dispatchHost } from '../host/dispatch-host.js';
import { APP_ORIGIN } from './app-origin.js';
import { createDesktopHost } from './desktop-host.js';
import { createInvokeHandler } from './ipc-invoke.js';
import type { SenderInfo } from './ipc-sender.js';

const WINDOW_ID = 7;
const app: SenderInfo = {
  contentsId: WINDOW_ID,
  frameUrl: 'app://bits-uploader/index.html',
  isMainFrame: true,
};

describe('createInvokeHandler (over a real core)', () => {
  let dir: string;
  let core: Core;
  let calls: string[];
  let invoke: ReturnType<typeof createInvokeHandler>;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bits-ipc-'));
    core = await createCore({ dataDir: dir });
    calls = [];
    invoke = createInvokeHandler({
      appOrigin: APP_ORIGIN,
      isOwnWindow: (id) => id === WINDOW_ID,
      run: (channel, payload) => {
        calls.push(channel);
        // The shell stands for Electron's (no binary here); nothing in these tests opens a file.
        const host = createDesktopHost(
          core,
          { openPath: async () => '', showItemInFolder: () => undefined },
          '0.0.0',
        );
        return dispatchHost({ core, host }, channel as never, payload);
      },
    });
  });
  afterEach(async () => {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a valid call from the app window', async () => {
    expect(await invoke(app, 'jobs:list', {})).toEqual({ ok: true, value: { jobs: [], total: 0 } });
  });

  it('refuses a sub-frame, a foreign origin, another window and a gone frame before touching the core', async () => {
    const senders: SenderInfo[] = [
      { ...app, isMainFrame: false },
      { ...app, frameUrl: 'https://evil.example/' },
      { ...app, frameUrl: 'app://other-app/index.html' },
      { ...app, frameUrl: 'file:///home/ann/page.html' },
      { ...app, contentsId: 8 },
      { ...app, frameUrl: undefined },
    ];
    for (const sender of senders) {
      const result = await invoke(sender, 'jobs:suspend-all', {});
      expect(result.ok, JSON.stringify(sender)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('not-allowed');
    }
    expect(calls).toEqual([]);
  });

  it('answers a malformed payload with the schema message, and keeps the core usable', async () => {
    const result = await invoke(app, 'jobs:add', { filePath: 42, url: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!result.ok) expect(result.error.message).toContain('filePath');
    expect(await invoke(app, 'jobs:list', {})).toMatchObject({ ok: true });
  });

  it('answers unknown or hostile channel names with unknown-channel', async () => {
    for (const name of ['nope', '__proto__', 'constructor', 42]) {
      const result = await invoke(app, name, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
  });

  it('runs host channels through the desktop host, refusing a reply that does not exist', async () => {
    expect(await invoke(app, 'app:info', {})).toMatchObject({ ok: true, value: { hostKind: 'desktop' } });
    expect(await invoke(app, 'replies:open', { jobId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('passes a core error through with its code', async () => {
    const result = await invoke(app, 'jobs:suspend', { id: 'no-such-job' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
