import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

describe('reply paths saved by an older version', () => {
  it('stops a job whose stored reply path is the database before anything is sent or written', async () => {
    let connections = 0;
    const h = await engineHarness({
      transportFor: () => {
        connections++;
        return new ScriptedTransport();
      },
    });
    mkdirSync(join(h.dir, 'replies'));
    const source = join(h.dir, 'data.bin');
    writeFileSync(source, 'payload');
    const job = await h.add({
      filePath: source,
      url: 'http://s/reply/data.bin',
      type: 'upload-reply',
      replyPath: join(h.dir, 'replies', 'ok.xml'),
      suspended: true,
    });
    // What an older version accepted: the data folder's own database as the reply path.
    const database = join(h.dir, 'jobs.db');
    h.store.updateJob(job.id, { replyPath: database });
    await h.restart();
    const before = readFileSync(database);
    h.engine.resume(job.id);
    const failed = await h.waitFor(job.id, (j) => j.state === 'error');
    expect(failed.error).toMatchObject({ phase: 'local-file', classification: 'fatal' });
    expect(failed.error?.message).toContain('inside the data folder');
    expect(connections).toBe(0);
    expect(readFileSync(database).subarray(0, 100)).toEqual(before.subarray(0, 100));
  });
});
