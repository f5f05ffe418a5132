import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { DEFAULT_EVENT_LIMIT } from '../store/index.js';
import { engineHarness } from './testing/engine-harness.js';

describe('a job that keeps retrying', () => {
  it('keeps its stored timeline bounded instead of growing with every attempt', async () => {
    const transport = new ScriptedTransport();
    const clock = new FakeClock();
    const h = await engineHarness({
      clock,
      transportFor: () => transport,
      settings: {
        retry: { minDelayMs: 5_000, maxDelayMs: 5_000, noProgressTimeoutMs: 14 * 24 * 3600_000 },
      },
    });
    const path = join(h.dir, 'a');
    writeFileSync(path, Buffer.alloc(100, 1));
    const job = await h.add({ filePath: path, url: 'http://s/a' });
    // ~17 minutes of an unreachable server at the 5 s minimum delay; a real outage lasts days.
    for (let i = 0; i < 200; i++) {
      (await transport.next()).fail('connect', 'ECONNREFUSED');
      await h.waitFor(job.id, (j) => j.state === 'transient-error');
      await clock.advance(h.job(job.id).nextRetryAt! - clock.now());
    }
    const stored = h.store.listEvents(job.id, 1_000_000).length;
    expect(stored).toBeLessThanOrEqual(DEFAULT_EVENT_LIMIT);
  });
});
