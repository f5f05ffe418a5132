import { act } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FakeBridge, makeJob } from '../../testing/fake-bridge.js';
import { renderWithHost } from '../../testing/render-app.js';
import { useBrowserNotifications } from './browser-notifications.js';

function Notifier() {
  useBrowserNotifications();
  return null;
}

const refused = {
  message: 'The server refused the upload: it is larger than it accepts',
  code: '0x80190193',
  context: 5,
  classification: 'fatal' as const,
  phase: 'upload' as const,
  at: 1,
};

/** Chromium's Notification with the permission granted, and a tab in the background. */
function grantNotifications(): Array<{ title: string; body: string }> {
  const shown: Array<{ title: string; body: string }> = [];
  vi.stubGlobal(
    'Notification',
    Object.assign(
      class {
        constructor(title: string, options?: { body?: string }) {
          shown.push({ title, body: options?.body ?? '' });
        }
      },
      { permission: 'granted' },
    ),
  );
  vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
  return shown;
}

async function renderServeWindow(jobs = [makeJob({ fileName: 'old.iso', state: 'error', error: refused })]) {
  return renderWithHost(<Notifier />, {
    jobs,
    setup: (bridge) => {
      const info = bridge.handlers.get('app:info')!;
      bridge.handlers.set('app:info', (payload) => ({ ...(info(payload) as object), hostKind: 'serve' }));
    },
  });
}

/** One stream message from the host, then a turn for the window to take it in. */
async function pushed(bridge: FakeBridge, message: Parameters<FakeBridge['push']>[0]): Promise<void> {
  await act(async () => {
    bridge.push(message);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('the browser notifications of serve', () => {
  let shown: Array<{ title: string; body: string }>;
  beforeEach(() => {
    shown = grantNotifications();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('say nothing about a failed job a resync snapshot brings in', async () => {
    const listed = [makeJob({ fileName: 'old.iso', state: 'error', error: refused })];
    const { bridge, stores } = await renderServeWindow(listed);
    // The window is up and knows it is serve's; a reconnect then lists a job that failed meanwhile.
    expect(stores.host.getState().appInfo?.hostKind).toBe('serve');
    listed.push(makeJob({ fileName: 'while-away.iso', state: 'error', error: refused }));
    await pushed(bridge, { kind: 'ready', seq: 1, resync: true, hostRunId: 'run' });
    expect(Object.values(stores.jobs.getState().byId).map((job) => job.fileName)).toContain('while-away.iso');
    expect(shown).toEqual([]);
  });

  it('name an upload the server refuses at once, added and failed within one batch', async () => {
    const { bridge } = await renderServeWindow();
    const job = makeJob({ fileName: 'far-too-big.iso', state: 'error', error: refused });
    await pushed(bridge, { kind: 'event', seq: 1, event: { type: 'job-changed', job } });
    expect(shown).toEqual([{ title: 'Upload failed', body: `far-too-big.iso: ${refused.message}` }]);
  });

  it('say nothing about a job the stream adds that is only queued', async () => {
    const { bridge } = await renderServeWindow();
    await pushed(bridge, {
      kind: 'event',
      seq: 1,
      event: { type: 'job-changed', job: makeJob({ state: 'queued' }) },
    });
    expect(shown).toEqual([]);
  });
});
