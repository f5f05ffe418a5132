import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock, flushPromises } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { openDatabase } from '../store/index.js';
import { engineHarness } from './testing/engine-harness.js';

describe('a job whose saved headers are damaged', () => {
  it('is never run without them, even after Retry or Resume', async () => {
    const transport = new ScriptedTransport();
    const h = await engineHarness({ clock: new FakeClock(), transportFor: () => transport });
    const path = join(h.dir, 'a');
    writeFileSync(path, Buffer.alloc(100, 1));
    const job = await h.add({
      filePath: path,
      url: 'http://s/a',
      headers: [['Authorization', 'Bearer secret-token']],
      suspended: true,
    });
    await h.close();
    const { db } = openDatabase(join(h.dir, 'jobs.db'));
    db.prepare("UPDATE jobs SET headers_json = '{not json' WHERE id = ?").run(job.id);
    db.close();
    await h.restart();
    expect(h.job(job.id).state).toBe('error'); // shown as damaged, as designed
    try {
      h.engine.retry(job.id);
    } catch {
      // refusing is fine
    }
    await flushPromises();
    const sent = (transport as unknown as { queue: Array<{ header(n: string): string | undefined }> }).queue;
    // The upload went out to the server without the Authorization header the user configured.
    expect(sent.filter((exchange) => exchange.header('Authorization') === undefined)).toHaveLength(0);
  });
});
