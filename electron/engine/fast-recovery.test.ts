import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AddJobInput } from '../../shared/contract/core-api.js';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { type ScriptedExchange, ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

const GUID = '{7df0354d-249b-430f-820d-3d2a9bef4931}';
const FRAGMENT = 8192;

/**
 * The retry delays a user waits through, pinned on the fake clock (the harness's jitter source
 * is fixed at 0.5: an immediate retry is 125 ms, a back-off step exactly its base).
 */
async function scripted(settings = {}) {
  const transport = new ScriptedTransport();
  const clock = new FakeClock();
  const h = await engineHarness({ clock, transportFor: () => transport, settings });
  const add = (input: Partial<AddJobInput> = {}) => {
    const path = join(h.dir, 'file.bin');
    writeFileSync(path, Buffer.alloc(10 * FRAGMENT, 7));
    return h.add({ filePath: path, url: 'http://s/file.bin', fragmentSize: FRAGMENT, ...input });
  };
  /** Waits for the job to fail and returns the delay it scheduled, then lets that time pass. */
  const delayAfter = async (id: string, fail: (exchange: ScriptedExchange) => void) => {
    fail(await transport.next());
    await h.waitFor(id, (job) => job.state === 'transient-error');
    const delay = h.job(id).nextRetryAt! - clock.now();
    await clock.advance(delay);
    return delay;
  };
  const session = async () =>
    (await transport.next()).ack({ 'BITS-Protocol': GUID, 'BITS-Session-Id': '{S}' });
  const ackUpTo = async (bytes: number) =>
    (await transport.next()).ack({ 'BITS-Received-Content-Range': String(bytes) });
  return { ...h, transport, clock, add, delayAfter, session, ackUpTo };
}

const drop = (x: ScriptedExchange) => x.fail('reset', 'ECONNRESET');
const refuse = (x: ScriptedExchange) => x.fail('connect', 'ECONNREFUSED');
const busy =
  (headers: Record<string, string> = {}, status = 503) =>
  (x: ScriptedExchange) =>
    x.respond(status, headers);

describe('fast recovery: how long a failure waits', () => {
  it('reconnects at once when the connection drops, then backs off from 1 s while drops repeat', async () => {
    const h = await scripted();
    const job = await h.add();
    await h.session();
    const delays = [
      await h.delayAfter(job.id, drop),
      // The resumed session pings first; these fail too, with no progress in between.
      await h.delayAfter(job.id, drop),
      await h.delayAfter(job.id, drop),
      await h.delayAfter(job.id, drop),
    ];
    expect(delays).toEqual([125, 1_500, 2_250, 3_375]);
    expect(h.store.listEvents(job.id).some((e) => /closed.*Retrying now\./.test(e.message))).toBe(true);
  });

  it('retries at once after an attempt that made progress, and progress resets the back-off', async () => {
    const h = await scripted();
    const job = await h.add();
    await h.session();
    await h.ackUpTo(FRAGMENT);
    // Bare 503s: the first comes after progress in the same attempt, the next ones do not.
    expect(await h.delayAfter(job.id, busy())).toBe(125);
    expect(h.job(job.id).attempts).toBe(0);
    expect(await h.delayAfter(job.id, busy())).toBe(1_000);
    expect(await h.delayAfter(job.id, busy())).toBe(1_500);
    (await h.transport.next()).ack(); // the Ping of the resumed session
    await h.ackUpTo(2 * FRAGMENT);
    expect(await h.delayAfter(job.id, busy())).toBe(125);
  });

  it('backs off from 1 s when the server cannot be reached at all, capped at the policy maximum', async () => {
    const h = await scripted();
    const job = await h.add();
    const delays: number[] = [];
    for (let i = 0; i < 20; i++) delays.push(await h.delayAfter(job.id, refuse));
    expect(delays.slice(0, 4)).toEqual([1_000, 1_500, 2_250, 3_375]);
    expect(delays.slice(-2)).toEqual([600_000, 600_000]);
  });

  it('honours Retry-After on 503 and 429 (seconds or a date), bounded by the cap', async () => {
    const h = await scripted();
    const job = await h.add();
    expect(await h.delayAfter(job.id, busy({ 'Retry-After': '7' }))).toBe(7_000);
    expect(await h.delayAfter(job.id, busy({ 'Retry-After': '3' }, 429))).toBe(3_000);
    const inTwelve = new Date(h.clock.now() + 12_000).toUTCString();
    expect(await h.delayAfter(job.id, busy({ 'Retry-After': inTwelve }))).toBe(12_000);
    expect(await h.delayAfter(job.id, busy({ 'Retry-After': '86400' }))).toBe(600_000);
    // Unreadable: ignored, the back-off applies (this is the fifth failure in a row).
    expect(await h.delayAfter(job.id, busy({ 'Retry-After': 'soon' }))).toBe(5_063);
  });

  it('keeps Windows’ behaviour available: a minimum delay per job or globally', async () => {
    const perJob = await scripted();
    const job = await perJob.add({ retry: { minDelayMs: 5_000 } });
    await perJob.session();
    expect(await perJob.delayAfter(job.id, drop)).toBe(5_000);
    expect(await perJob.delayAfter(job.id, drop)).toBe(7_500);

    const global = await scripted({
      retry: { minDelayMs: 600_000, maxDelayMs: 600_000, noProgressTimeoutMs: 14 * 24 * 3600_000 },
    });
    const other = await global.add();
    await global.session();
    await global.ackUpTo(FRAGMENT);
    expect(await global.delayAfter(other.id, busy({ 'Retry-After': '1' }))).toBe(600_000);
  });
});
