import { describe, expect, it } from 'vitest';
import { BitsError } from '../../electron/bits/errors.js';
import { localFile } from '../../electron/bits/file-source.js';
import { createNodeTransport } from '../../electron/bits/http/node-transport.js';
import { FakeClock } from '../../electron/bits/testing/fake-clock.js';
import { openDescriptorsOn } from '../../electron/bits/testing/open-descriptors.js';
import { runUploadSession } from '../../electron/bits/upload-session.js';
import { engineHarness } from '../../electron/engine/testing/engine-harness.js';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';

/**
 * Issue 9 item 7 / issue 10 item 10: an attempt that fails or is stopped mid-fragment leaves no
 * descriptor open on the file (it used to reopen it and leave the handle to the GC).
 */
const MIB = 1024 * 1024;

/** Lets the transport's body loop, which may outlive the failed request, run to its end. */
async function settleIo(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('no file descriptor outlives an attempt', () => {
  it('a connection cut mid-fragment: the failed attempt closes the file, the retry finishes', async () => {
    const server = await serverFor();
    server.faults.add({
      match: { packet: 'Fragment', nth: 2 },
      action: { type: 'cut-mid-body', afterBytes: MIB / 2 },
      // The transport re-sends the fragment once on a new connection: cut that one too.
      times: 2,
    });
    const dir = await tempDir();
    const file = await randomFile(dir, 20 * MIB + 99);
    const transport = createNodeTransport();
    const failed = await runUploadSession({
      url: server.url('/up/cut.bin'),
      kind: 'upload',
      file: localFile(file.path),
      transport,
      fragmentSize: 8 * MIB,
    })
      .catch((error: unknown) => error)
      .finally(() => transport.close());
    expect(failed).toBeInstanceOf(BitsError);
    await settleIo();
    expect(openDescriptorsOn(file.path)).toBe(0);

    const result = await uploadWithRetries({
      url: server.url('/up/cut2.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: 8 * MIB,
    });
    expect(result.attempts).toBe(1);
    expect((await storedBytes(server, '/up/cut2.bin')).equals(file.bytes)).toBe(true);
    await settleIo();
    expect(openDescriptorsOn(file.path)).toBe(0);
  });

  it('an abort in the middle of a fragment body closes the file', async () => {
    const server = await serverFor();
    const dir = await tempDir();
    const file = await randomFile(dir, 12 * MIB);
    const controller = new AbortController();
    const transport = createNodeTransport();
    const stopped = await runUploadSession({
      url: server.url('/up/abort.bin'),
      kind: 'upload',
      file: localFile(file.path),
      transport,
      fragmentSize: 8 * MIB,
      signal: controller.signal,
      onBodyProgress: (sent) => {
        if (sent >= 2 * MIB) controller.abort(new Error('user cancelled'));
      },
    })
      .catch((error: unknown) => error)
      .finally(() => transport.close());
    expect((stopped as Error).message).toBe('user cancelled');
    await settleIo();
    expect(openDescriptorsOn(file.path)).toBe(0);
  });
});

describe('no file descriptor outlives a job attempt in the engine', () => {
  it('a failed attempt, its retry and a suspend mid-body leave no descriptor on the files', async () => {
    const server = await serverFor();
    server.faults.add({
      match: { packet: 'Fragment', nth: 2 },
      action: { type: 'cut-mid-body', afterBytes: MIB / 2 },
      // The transport re-sends the fragment once on a new connection: cut that one too.
      times: 2,
    });
    const clock = new FakeClock();
    const h = await engineHarness({ clock, settings: { fragmentSize: 4 * MIB } });
    const dir = await tempDir();
    const cut = await randomFile(dir, 10 * MIB, 'cut.bin');
    const job = await h.add({ filePath: cut.path, url: server.url('/up/e-cut.bin'), type: 'upload' });
    await h.waitFor(job.id, (j) => j.state === 'transient-error');
    await settleIo();
    expect(openDescriptorsOn(cut.path)).toBe(0);
    while (h.job(job.id).state !== 'acknowledged') {
      await clock.advance(60_000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await storedBytes(server, '/up/e-cut.bin')).equals(cut.bytes)).toBe(true);
    await settleIo();
    expect(openDescriptorsOn(cut.path)).toBe(0);

    await h.engine.updateSettings({ ...h.store.getSettings(), bandwidthLimitBps: 2 * MIB });
    const slow = await randomFile(dir, 10 * MIB, 'slow.bin');
    const second = await h.add({ filePath: slow.path, url: server.url('/up/e-slow.bin'), type: 'upload' });
    // The limit holds the body back on the fake clock: let a little of it out, then suspend.
    const slowBody = () =>
      server.log.some((entry) => entry.target.startsWith('/up/e-slow') && entry.bodyBytes > 0);
    while (!slowBody()) {
      await clock.advance(200);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    h.engine.suspend(second.id);
    await h.waitFor(second.id, (j) => j.state === 'suspended');
    while (h.engine.isRunning(second.id)) await new Promise((resolve) => setTimeout(resolve, 10));
    await settleIo();
    expect(openDescriptorsOn(slow.path)).toBe(0);
  });
});
