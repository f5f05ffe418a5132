import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock, flushPromises } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

describe('the no-progress timeout while a job waits to retry', () => {
  it('moves the job to error when the timeout runs out, not only at the next failed attempt', async () => {
    const transport = new ScriptedTransport();
    const clock = new FakeClock();
    const h = await engineHarness({
      clock,
      transportFor: () => transport,
      // §10.5: a retry delay that exceeds the no-progress timeout means ERROR instead of retrying.
      settings: { retry: { minDelayMs: 600_000, maxDelayMs: 600_000, noProgressTimeoutMs: 60_000 } },
    });
    const path = join(h.dir, 'a');
    writeFileSync(path, Buffer.alloc(100, 1));
    const job = await h.add({ filePath: path, url: 'http://s/a' });
    (await transport.next()).fail('connect');
    await flushPromises();
    await clock.advance(61_000);
    // Still "Retrying in 600 s", 1 s past a 60 s no-progress timeout.
    expect(h.job(job.id).state).toBe('error');
  });
});
