import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock, flushPromises } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

async function gaveUp() {
  const transport = new ScriptedTransport();
  const clock = new FakeClock();
  const h = await engineHarness({
    clock,
    transportFor: () => transport,
    settings: { retry: { minDelayMs: 5_000, maxDelayMs: 60_000, noProgressTimeoutMs: 100_000 } },
  });
  const path = join(h.dir, 'a');
  writeFileSync(path, Buffer.alloc(100, 1));
  const job = await h.add({ filePath: path, url: 'http://s/a' });
  for (let i = 0; i < 20; i++) {
    (await transport.next()).fail('connect');
    await flushPromises();
    await clock.advance(h.job(job.id).nextRetryAt! - clock.now());
    if (h.job(job.id).state === 'error') break;
  }
  expect(h.job(job.id).state).toBe('error');
  await clock.advance(24 * 3600_000); // the user fixes the network the next day
  return { h, transport, job };
}

describe('resuming a job that gave up after the no-progress timeout', () => {
  it('resume() gives it a fresh no-progress window, like retry() does', async () => {
    const { h, transport, job } = await gaveUp();
    h.engine.resume(job.id); // what the CLI does when re-run for an errored job
    (await transport.next()).fail('connect'); // one transient hiccup
    await flushPromises();
    // A fresh retry story: it retries instead of giving up again at once.
    expect(h.job(job.id).state).toBe('transient-error');
  });
});
