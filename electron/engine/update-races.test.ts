import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FakeClock, flushPromises } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { createJobStore, type JobStore, openDatabase } from '../store/index.js';
import { JobEngine } from './engine.js';
import { engineHarness } from './testing/engine-harness.js';

/** A suspended job plus a CA file, so update({ caFile }) has to wait for a file check. */
async function setup() {
  const h = await engineHarness({ clock: new FakeClock(), transportFor: () => new ScriptedTransport() });
  const path = join(h.dir, 'a.bin');
  writeFileSync(path, Buffer.alloc(100, 1));
  const ca = join(h.dir, 'ca.pem');
  writeFileSync(ca, 'not checked before the first connection');
  const job = await h.add({ filePath: path, url: 'http://s/a', suspended: true });
  return { h, job, ca };
}

describe('update() racing other commands on the same job', () => {
  it('refuses a change to a job cancelled and removed during its file check, with no event after the removal', async () => {
    const { h, job, ca } = await setup();
    const pending = h.engine.update(job.id, { caFile: ca });
    h.engine.cancel(job.id);
    h.engine.remove([job.id]);
    await expect(pending).rejects.toMatchObject({
      code: 'invalid-state',
      message: expect.stringMatching(/cancelled/),
    });
    await flushPromises();
    const removedAt = h.events.findIndex((event) => event.type === 'jobs-removed');
    expect(removedAt).toBeGreaterThan(0);
    const after = h.events.slice(removedAt + 1);
    expect(after.filter((event) => event.type === 'job-changed' && event.job.id === job.id)).toEqual([]);
    expect(h.store.getJob(job.id)).toBeUndefined();
  });

  it('applies updates in the order they were called, even when the first one waits for a file check', async () => {
    const { h, job, ca } = await setup();
    const first = h.engine.update(job.id, { caFile: ca });
    const second = h.engine.update(job.id, { caFile: null });
    await Promise.all([first, second]);
    expect(h.job(job.id).options.caFile).toBeUndefined();
  });

  it('refuses a change racing the engine’s shutdown instead of losing it silently', async () => {
    const { h, job, ca } = await setup();
    const pending = h.engine.update(job.id, { caFile: ca });
    const stopping = h.engine.stop();
    await expect(pending).rejects.toMatchObject({
      code: 'invalid-state',
      message: expect.stringMatching(/shutting down/),
    });
    await stopping;
  });

  it('answers a change the database refuses with an error, and keeps the job as it was', async () => {
    const dir = (await engineHarness()).dir;
    const real = createJobStore(openDatabase(join(dir, 'refusing.db')).db);
    let full = false;
    const store: JobStore = {
      ...real,
      updateJob: (...args) => {
        if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        return real.updateJob(...args);
      },
    };
    const engine = new JobEngine({ store, repliesDir: join(dir, 'r'), clock: new FakeClock() });
    onTestFinished(async () => {
      full = false;
      await engine.stop();
      real.close();
    });
    await engine.start();
    const path = join(dir, 'b.bin');
    writeFileSync(path, 'b');
    const [job] = await engine.add([
      {
        filePath: path,
        url: 'http://s/b',
        type: 'upload',
        priority: 'normal',
        headers: [],
        holdCompletion: false,
        overwriteReply: false,
        suspended: true,
      },
    ]);
    full = true;
    await expect(engine.update(job!.id, { headers: [['X-Tenant', 'blue']] })).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(/could not be saved.*disk is full/),
    });
    expect(engine.findUnfinished({ filePath: path, url: 'http://s/b', type: 'upload' })?.headerNames).toEqual(
      [],
    );
    full = false;
    expect(real.getJob(job!.id)?.headers).toEqual([]);
  });
});
