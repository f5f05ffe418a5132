import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshSessionState } from '../../shared/session-state.js';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

describe('start-up file check', () => {
  it('notices a modified file when a session exists but nothing was acknowledged yet', async () => {
    const h = await engineHarness({ clock: new FakeClock(), transportFor: () => new ScriptedTransport() });
    const path = join(h.dir, 'data.bin');
    writeFileSync(path, Buffer.alloc(100, 1));
    const job = await h.add({ filePath: path, url: 'http://s/data.bin', suspended: true });
    const { mtimeMs } = statSync(path);
    // Create-Session succeeded (the server holds a session for this content), then the app closed.
    h.store.updateJob(job.id, {
      state: 'queued',
      session: { ...freshSessionState(100, Math.trunc(mtimeMs)), sessionId: '{S}' },
    });
    await h.close();
    writeFileSync(path, Buffer.alloc(100, 2)); // same size, new content
    utimesSync(path, new Date(), new Date(mtimeMs + 60_000));
    await h.restart();
    expect(h.job(job.id).state).toBe('error');
    expect(h.job(job.id).error?.message).toBe(`The file ${path} was modified while the app was closed.`);
    expect(h.engine.warnings).toEqual([
      '1 job(s) could not continue because their file vanished or changed.',
    ]);
  });
});
