import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { FakeClock, flushPromises } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { createJobStore, type JobStore, openDatabase } from '../store/index.js';
import { JobEngine } from './engine.js';

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

describe('the database refusing writes during a transfer (disk full)', () => {
  it('does not turn a failed write into an unhandled rejection that ends the process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bits-disk-full-'));
    const real = createJobStore(openDatabase(join(dir, 'jobs.db')).db);
    let full = false;
    const diskFull = () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    };
    const store: JobStore = {
      ...real,
      saveCheckpoint: (...args) => (full ? diskFull() : real.saveCheckpoint(...args)),
      updateJob: (...args) => (full ? diskFull() : real.updateJob(...args)),
      appendEvent: (...args) => (full ? diskFull() : real.appendEvent(...args)),
    };
    const transport = new ScriptedTransport();
    const clock = new FakeClock();
    const engine = new JobEngine({
      store,
      repliesDir: join(dir, 'replies'),
      clock,
      transportFor: () => transport,
      random: () => 0.5,
    });
    const seen: string[] = [];
    engine.subscribe((event) => {
      if (event.type === 'job-changed') seen.push(event.job.state);
    });
    onTestFinished(async () => {
      full = false;
      await engine.stop();
      real.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await engine.start();
    const path = join(dir, 'a');
    writeFileSync(path, Buffer.alloc(20_000, 1));
    const [job] = await engine.add([
      {
        filePath: path,
        url: 'http://s/a',
        overwriteReply: false,
        type: 'upload',
        priority: 'normal',
        headers: [],
        holdCompletion: false,
        suspended: false,
        fragmentSize: 8192,
      },
    ]);
    (await transport.next()).ack({ 'BITS-Protocol': GUID, 'BITS-Session-Id': '{S}' });
    const fragment = await transport.next();
    full = true;
    fragment.ack({ 'BITS-Received-Content-Range': '8192' });
    // The failed write and the error it becomes go through real file I/O: on a loaded machine that
    // takes more than one round of flushes, so wait for the state (5 s at most), not a fixed count.
    for (const deadline = Date.now() + 5000; seen.at(-1) !== 'transient-error' && Date.now() < deadline; )
      await flushPromises();
    // The engine carries on from memory: a transient error that says what happened, with a retry.
    expect(unhandled.map(String)).toEqual([]);
    expect(seen.at(-1)).toBe('transient-error');
    expect(engine.lastWriteError).toMatch(/disk is full/);
    expect(engine.isRunning(job!.id)).toBe(false);

    // Space is freed; the retry writes the whole job again, so the database catches up.
    full = false;
    await clock.advance(5_000);
    const ping = await transport.next();
    expect(ping.packetType).toBe('Ping');
    await flushPromises();
    const stored = real.getJob(job!.id)!;
    expect(stored.state).toBe('connecting');
    expect(stored.session?.acked).toBe(8192);
    expect(engine.lastWriteError).toBeUndefined();
    expect(
      real.listEvents(job!.id).some((event) => /progress in the queue database/.test(event.message)),
    ).toBe(false);
  });
});
