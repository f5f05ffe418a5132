import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpTransport } from '../bits/http/transport.js';
import { FakeClock, flushPromises } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

const GUID = '{7df0354d-249b-430f-820d-3d2a9bef4931}';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('Cancel-Session delivery when the transport cannot be built', () => {
  it('handles the failure (retry or give up) instead of leaving an unhandled rejection', async () => {
    const transport = new ScriptedTransport();
    let caFileGone = false;
    // The default transportFor reads the job's CA file on every call; it throws once the file is gone.
    const transportFor = (): HttpTransport => {
      if (caFileGone)
        throw Object.assign(new Error("ENOENT: no such file, open '/x/ca.pem'"), { code: 'ENOENT' });
      return transport;
    };
    const h = await engineHarness({ clock: new FakeClock(), transportFor });
    const path = join(h.dir, 'a');
    writeFileSync(path, Buffer.alloc(20_000, 1));
    const job = await h.add({ filePath: path, url: 'https://s/a', fragmentSize: 8192 });
    (await transport.next()).ack({ 'BITS-Protocol': GUID, 'BITS-Session-Id': '{S}' });
    await transport.next(); // a Fragment in flight
    caFileGone = true;
    h.engine.cancel(job.id);
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // In a Node host an unhandled rejection ends the process; cancel_pending stays set, so the
    // same thing happens again on every start.
    expect(unhandled.map(String)).toEqual([]);
    expect(h.store.listEvents(job.id).at(-1)?.message).toMatch(/server|cancel|discard/i);
  });

  it('does not hit the same unhandled rejection again at every start (cancel_pending stays set)', async () => {
    const transport = new ScriptedTransport();
    let caFileGone = false;
    const transportFor = (): HttpTransport => {
      if (caFileGone) throw Object.assign(new Error('ENOENT: ca.pem'), { code: 'ENOENT' });
      return transport;
    };
    const h = await engineHarness({ clock: new FakeClock(), transportFor });
    const path = join(h.dir, 'a');
    writeFileSync(path, Buffer.alloc(20_000, 1));
    const job = await h.add({ filePath: path, url: 'https://s/a', fragmentSize: 8192 });
    (await transport.next()).ack({ 'BITS-Protocol': GUID, 'BITS-Session-Id': '{S}' });
    await transport.next();
    caFileGone = true;
    h.engine.cancel(job.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    unhandled.length = 0;
    await h.restart();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.job(job.id).cancelPending).toBe(true); // still pending: retried at this start
    expect(unhandled.map(String)).toEqual([]);
  });
});
