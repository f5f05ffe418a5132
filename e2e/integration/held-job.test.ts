import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core.js';
import type { Core, Job } from '../../shared/contract/core-api.js';
import { randomFile, serverFor, storedBytes, tempDir } from './support.js';

function waitForState(core: Core, id: string, state: string): Promise<Job> {
  return new Promise((resolve) => {
    const off = core.subscribe((event) => {
      if (event.type === 'job-changed' && event.job.id === id && event.job.state === state) {
        off();
        resolve(event.job);
      }
    });
  });
}

describe('a held (transferred) job waiting for complete()', () => {
  it('stays held through suspend, resume, suspendAll and resumeAll: no second Ping or Close-Session', async () => {
    const server = await serverFor();
    const dir = await tempDir();
    const file = await randomFile(dir, 200_000);
    const core = await createCore({ dataDir: join(dir, 'data') });
    try {
      const added = await core.commands.add({
        filePath: file.path,
        url: server.url('/up/held.bin'),
        holdCompletion: true,
        fragmentSize: 64 * 1024,
      });
      await waitForState(core, added.id, 'transferred');
      const packets = () => server.log.map((entry) => entry.packetType);
      const before = packets();
      expect(before.filter((type) => type === 'Close-Session')).toHaveLength(1);

      expect((await core.commands.suspend(added.id)).state).toBe('transferred');
      expect((await core.commands.resume(added.id)).state).toBe('transferred');
      expect(await core.commands.suspendAll()).toEqual({ changed: 0 });
      expect(await core.commands.resumeAll()).toEqual({ changed: 0 });
      const done = await core.commands.complete(added.id);
      expect(done.state).toBe('acknowledged');
    } finally {
      // Closing waits for every run: anything a resume had started would be in the log by now.
      await core.close();
    }
    const types = server.log.map((entry) => entry.packetType);
    expect(types.filter((type) => type === 'Close-Session')).toHaveLength(1);
    // A fresh upload needs no Ping; a resumed one would start with one.
    expect(types.filter((type) => type === 'Ping')).toHaveLength(0);
    expect((await storedBytes(server, '/up/held.bin')).equals(file.bytes)).toBe(true);
    const reopened = await createCore({ dataDir: join(dir, 'data') });
    const detail = (await reopened.queries.list({ states: ['acknowledged'] })).jobs[0]!;
    const timeline = (await reopened.queries.get(detail.id))!.events
      .map((event) => event.state)
      .filter(Boolean);
    await reopened.close();
    expect(timeline.filter((state) => state === 'transferred')).toHaveLength(1);
  });
});
