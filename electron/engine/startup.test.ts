import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock, flushPromises } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

function fileIn(dir: string, name: string, size: number): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.alloc(size, 1));
  return path;
}

describe('start-up recovery', () => {
  it('starts even when a job whose file vanished already failed in its first run', async () => {
    const transport = new ScriptedTransport(); // never answers: jobs stay connecting/queued
    const h = await engineHarness({
      clock: new FakeClock(),
      transportFor: () => transport,
      settings: { maxConcurrentJobs: 1 },
    });
    for (let i = 0; i < 70; i++) await h.add({ filePath: fileIn(h.dir, `f${i}`, 10), url: `http://s/${i}` });
    const gonePath = fileIn(h.dir, 'gone', 10);
    const gone = await h.add({ filePath: gonePath, url: 'http://s/gone', priority: 'foreground' });
    await flushPromises();
    rmSync(gonePath); // deleted while the app was closed
    await h.close();
    // Reopening must not fail: the foreground job runs first, fails on its missing file, and
    // the start-up file check (which reaches it in its second batch) then reports it again.
    const outcome = await h.restart().then(
      () => 'started',
      (error: Error) => `start failed: ${error.message}`,
    );
    await flushPromises(); // let the runs the half-started engine launched reach the transport
    expect(outcome).toBe('started');
    expect(h.job(gone.id).state).toBe('error');
  });
});
