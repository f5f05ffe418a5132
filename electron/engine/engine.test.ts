import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock, flushPromises } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

const GUID = '{7df0354d-249b-430f-820d-3d2a9bef4931}';

function fileIn(dir: string, name: string, size: number): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.alloc(size, 1));
  return path;
}

/** A harness whose jobs talk to one scripted transport, with a fake clock for retry timers. */
async function scripted(settings = {}) {
  const transport = new ScriptedTransport();
  const clock = new FakeClock();
  const harness = await engineHarness({ clock, transportFor: () => transport, settings });
  return { ...harness, transport, clock };
}

describe('job engine: scheduling', () => {
  it('runs at most the global limit at once, foreground first, then queue order', async () => {
    const h = await scripted({ maxConcurrentJobs: 2, maxJobsPerHost: 5 });
    await h.add({ filePath: fileIn(h.dir, 'a', 10), url: 'http://s/a', suspended: true });
    const b = await h.add({ filePath: fileIn(h.dir, 'b', 10), url: 'http://s/b', suspended: true });
    const c = await h.add({
      filePath: fileIn(h.dir, 'c', 10),
      url: 'http://s/c',
      suspended: true,
      priority: 'foreground',
    });
    const d = await h.add({
      filePath: fileIn(h.dir, 'd', 10),
      url: 'http://s/d',
      suspended: true,
      priority: 'low',
    });
    h.engine.resumeAll();
    const first = await h.transport.next();
    const second = await h.transport.next();
    expect([first.request.url.pathname, second.request.url.pathname]).toEqual(['/c', '/a']);
    await flushPromises();
    expect(h.job(b.id).state).toBe('queued');
    expect(h.job(d.id).state).toBe('queued');
    expect(h.job(c.id).state).toBe('connecting');
  });

  it('respects the per-host limit without blocking other hosts', async () => {
    const h = await scripted({ maxConcurrentJobs: 5, maxJobsPerHost: 1 });
    await h.add({ filePath: fileIn(h.dir, 'a', 10), url: 'http://one/a' });
    const second = await h.add({ filePath: fileIn(h.dir, 'b', 10), url: 'http://one/b' });
    await h.add({ filePath: fileIn(h.dir, 'c', 10), url: 'http://two/c' });
    const hosts = [(await h.transport.next()).request.url.host, (await h.transport.next()).request.url.host];
    expect(hosts.sort()).toEqual(['one', 'two']);
    await flushPromises();
    expect(h.job(second.id).state).toBe('queued');
  });
});

describe('job engine: retries on a fake clock', () => {
  it('backs off from the minimum delay, growing by half, resetting when the cursor advances', async () => {
    const h = await scripted({
      retry: { minDelayMs: 5_000, maxDelayMs: 600_000, noProgressTimeoutMs: 3600_000 },
    });
    const job = await h.add({ filePath: fileIn(h.dir, 'a', 20_000), url: 'http://s/a', fragmentSize: 8192 });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      (await h.transport.next()).fail('connect', 'ECONNREFUSED');
      await h.waitFor(job.id, (j) => j.state === 'transient-error');
      delays.push(h.job(job.id).nextRetryAt! - h.clock.now());
      await h.clock.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([5_000, 7_500, 11_250]);
    // Progress resets the attempt counter.
    const create = await h.transport.next();
    create.ack({ 'BITS-Protocol': GUID, 'BITS-Session-Id': '{S}' });
    (await h.transport.next()).ack({ 'BITS-Received-Content-Range': '8192' });
    (await h.transport.next()).fail('reset');
    await h.waitFor(job.id, (j) => j.state === 'transient-error');
    // The attempt made progress: no failure without progress counts yet, and the minimum delay applies.
    expect(h.job(job.id).attempts).toBe(0);
    expect(h.job(job.id).nextRetryAt! - h.clock.now()).toBe(5_000);
    const events = h.store.listEvents(job.id);
    expect(events.some((event) => event.kind === 'error' && /connect/i.test(event.message))).toBe(true);
  });

  it('moves a job that makes no progress for the no-progress timeout to error', async () => {
    const h = await scripted({
      retry: { minDelayMs: 5_000, maxDelayMs: 60_000, noProgressTimeoutMs: 100_000 },
    });
    const job = await h.add({ filePath: fileIn(h.dir, 'a', 100), url: 'http://s/a' });
    const started = h.clock.now();
    for (let i = 0; i < 20; i++) {
      (await h.transport.next()).fail('connect');
      await flushPromises();
      await h.clock.advance(h.job(job.id).nextRetryAt! - h.clock.now());
      if (h.job(job.id).state === 'error') break;
    }
    const failed = h.job(job.id);
    expect(failed.state).toBe('error');
    // It gives up when the timeout runs out, not at the next failed attempt after it.
    expect(failed.updatedAt - started).toBe(100_000);
    expect(failed.error?.code).toBe('0x80200024');
    expect(failed.error?.message).toMatch(/No progress/);
  });

  it('retry now skips the back-off delay', async () => {
    const h = await scripted();
    const job = await h.add({ filePath: fileIn(h.dir, 'a', 100), url: 'http://s/a' });
    (await h.transport.next()).fail('connect');
    await h.waitFor(job.id, (j) => j.state === 'transient-error');
    h.engine.retry(job.id);
    const again = await h.transport.next();
    expect(again.packetType).toBe('Create-Session');
  });

  it('a fatal error stops retrying and records the HTTP status, BITS code and explanation', async () => {
    const h = await scripted();
    const job = await h.add({ filePath: fileIn(h.dir, 'a', 100), url: 'http://s/a' });
    (await h.transport.next()).ack({ 'BITS-Error-Code': '0x80070005', 'BITS-Error-Context': '0x5' }, 403);
    const failed = await h.waitFor(job.id, (j) => j.state === 'error');
    expect(failed.error).toMatchObject({
      httpStatus: 403,
      code: '0x80070005',
      context: 5,
      classification: 'fatal',
    });
    expect(failed.error?.message).toMatch(/refused/);
    expect(h.clock.pending()).toEqual([]);
  });
});

describe('job engine: user operations', () => {
  it('suspend stops the transfer and keeps the session; resume continues it', async () => {
    const h = await scripted();
    const job = await h.add({ filePath: fileIn(h.dir, 'a', 20_000), url: 'http://s/a', fragmentSize: 8192 });
    (await h.transport.next()).ack({ 'BITS-Protocol': GUID, 'BITS-Session-Id': '{S}' });
    (await h.transport.next()).ack({ 'BITS-Received-Content-Range': '8192' });
    await h.transport.next();
    h.engine.suspend(job.id);
    await flushPromises();
    expect(h.job(job.id)).toMatchObject({ state: 'suspended', bytesAcked: 8192 });
    expect(h.job(job.id).session?.sessionId).toBe('{S}');
    h.engine.resume(job.id);
    const ping = await h.transport.next();
    expect(ping.packetType).toBe('Ping');
    ping.ack();
    const fragment = await h.transport.next();
    expect(fragment.header('Content-Range')).toBe('bytes 8192-16383/20000');
  });

  it('cancel sends Cancel-Session, retrying a 5xx on the fake clock', async () => {
    const h = await scripted();
    const job = await h.add({ filePath: fileIn(h.dir, 'a', 20_000), url: 'http://s/a', fragmentSize: 8192 });
    (await h.transport.next()).ack({ 'BITS-Protocol': GUID, 'BITS-Session-Id': '{S}' });
    await h.transport.next();
    h.engine.cancel(job.id);
    await flushPromises();
    expect(h.job(job.id).state).toBe('cancelled');
    const cancel = await h.transport.next();
    expect(cancel.packetType).toBe('Cancel-Session');
    expect(cancel.header('BITS-Session-Id')).toBe('{S}');
    cancel.ack({}, 503);
    await flushPromises();
    expect(h.job(job.id).cancelPending).toBe(true);
    await h.clock.advance(5_000);
    (await h.transport.next()).ack();
    await flushPromises();
    expect(h.job(job.id).cancelPending).toBe(false);
    expect(h.store.listEvents(job.id).at(-1)?.message).toMatch(/discarded/);
  });

  it('holds completion when asked, and complete() acknowledges only transferred jobs', async () => {
    const h = await scripted();
    const job = await h.add({ filePath: fileIn(h.dir, 'a', 100), url: 'http://s/a', holdCompletion: true });
    expect(() => h.engine.complete(job.id)).toThrow(/only transferred/);
    (await h.transport.next()).ack({ 'BITS-Protocol': GUID, 'BITS-Session-Id': '{S}' });
    (await h.transport.next()).ack({ 'BITS-Received-Content-Range': '100' });
    (await h.transport.next()).ack();
    await h.waitFor(job.id, (j) => j.state === 'transferred');
    h.engine.complete(job.id);
    expect(h.job(job.id).state).toBe('acknowledged');
    expect(h.states(job.id)).toEqual(['queued', 'connecting', 'transferring', 'transferred', 'acknowledged']);
  });

  it('moves jobs up, down, to the top and bottom of the queue', async () => {
    const h = await scripted();
    const ids = [];
    for (const name of ['a', 'b', 'c', 'd']) {
      ids.push(
        (await h.add({ filePath: fileIn(h.dir, name, 10), url: `http://s/${name}`, suspended: true })).id,
      );
    }
    const order = () =>
      h.store
        .listJobs({ sort: 'queue' })
        .records.map((record) => record.filePath.slice(-1))
        .join('');
    h.engine.move(ids[3]!, 'top');
    expect(order()).toBe('dabc');
    h.engine.move(ids[0]!, 'bottom');
    expect(order()).toBe('dbca');
    h.engine.move(ids[2]!, 'up');
    expect(order()).toBe('dcba');
    h.engine.move(ids[3]!, 'down');
    expect(order()).toBe('cdba');
  });

  it('removes only finished jobs; removeFinished clears the history', async () => {
    const h = await scripted();
    const job = await h.add({ filePath: fileIn(h.dir, 'a', 10), url: 'http://s/a', suspended: true });
    expect(() => h.engine.remove([job.id])).toThrow(/cancel it before removing/);
    h.engine.cancel(job.id);
    expect(h.engine.removeFinished().removed).toEqual([job.id]);
    expect(h.store.getJob(job.id)).toBeUndefined();
  });

  it('rejects bad input with clear messages', async () => {
    const h = await scripted();
    await expect(h.add({ filePath: join(h.dir, 'missing'), url: 'http://s/a' })).rejects.toThrow(
      /no file at/,
    );
    await expect(h.add({ filePath: fileIn(h.dir, 'a', 1), url: 'ftp://s/a' })).rejects.toThrow(/http/);
    await expect(h.add({ filePath: h.dir, url: 'http://s/a' })).rejects.toThrow(/not a file/);
    await expect(
      h.add({ filePath: fileIn(h.dir, 'b', 1), url: 'http://s/a', headers: [['Bad\r\nHeader', 'x']] }),
    ).rejects.toThrow();
  });
});

describe('job engine: ordering of a job’s snapshots', () => {
  it('stamps every change of a job later than the one before, even within one millisecond', async () => {
    const h = await scripted();
    const job = await h.add({ filePath: fileIn(h.dir, 'a', 10), url: 'http://s/a', suspended: true });
    const stamps = [job.updatedAt];
    stamps.push(h.engine.setPriority(job.id, 'high').updatedAt);
    stamps.push(h.engine.resume(job.id).updatedAt);
    stamps.push(h.engine.suspend(job.id).updatedAt);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
  });
});

describe('job engine: changing a job’s settings', () => {
  it('restarts a running attempt with the new headers, keeping the session', async () => {
    const h = await scripted();
    const job = await h.add({
      filePath: fileIn(h.dir, 'a', 20_000),
      url: 'http://s/a',
      fragmentSize: 8192,
      headers: [['X-T', 'old']],
    });
    (await h.transport.next()).ack({ 'BITS-Protocol': GUID, 'BITS-Session-Id': '{S}' });
    (await h.transport.next()).ack({ 'BITS-Received-Content-Range': '8192' });
    await h.transport.next();
    await h.engine.update(job.id, { headers: [['X-T', 'new']] });
    const ping = await h.transport.next();
    expect(ping.packetType).toBe('Ping');
    expect(ping.header('X-T')).toBe('new');
    ping.ack();
    const fragment = await h.transport.next();
    expect(fragment.header('BITS-Session-Id')).toBe('{S}');
    expect(fragment.header('Content-Range')).toBe('bytes 8192-16383/20000');
    expect(h.store.listEvents(job.id).some((event) => /Settings changed/.test(event.message))).toBe(true);
  });

  it('changes nothing (and restarts nothing) when the settings are the same', async () => {
    const h = await scripted();
    const job = await h.add({ filePath: fileIn(h.dir, 'a', 10), url: 'http://s/a', suspended: true });
    const before = h.job(job.id).updatedAt;
    await h.engine.update(job.id, { headers: [], credentials: null, caFile: null, fragmentSize: null });
    expect(h.job(job.id).updatedAt).toBe(before);
  });

  it('refuses settings that cannot work, with plain messages', async () => {
    const h = await scripted();
    const upload = await h.add({ filePath: fileIn(h.dir, 'a', 10), url: 'http://s/a', suspended: true });
    await expect(h.engine.update(upload.id, { caFile: join(h.dir, 'missing.pem') })).rejects.toThrow(
      /does not exist/,
    );
    await expect(h.engine.update(upload.id, { replyPath: join(h.dir, 'r') })).rejects.toThrow(/upload-reply/);
    await expect(h.engine.update(upload.id, { headers: [['Content-Length', '1']] })).rejects.toThrow();
    const withCredentials = await h.engine.update(upload.id, { credentials: { user: 'u', password: 'p' } });
    expect(withCredentials.hasCredentials).toBe(true);
    expect((await h.engine.update(upload.id, { credentials: null })).hasCredentials).toBe(false);
  });
});
