import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock, flushPromises } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

const GUID = '{7df0354d-249b-430f-820d-3d2a9bef4931}';

describe('what the engine keeps in memory', () => {
  it('drops a cancelled job from its working set once Cancel-Session was delivered', async () => {
    const transport = new ScriptedTransport();
    const h = await engineHarness({ clock: new FakeClock(), transportFor: () => transport });
    const path = join(h.dir, 'a');
    writeFileSync(path, Buffer.alloc(20_000, 1));
    const job = await h.add({ filePath: path, url: 'http://s/a', fragmentSize: 8192 });
    (await transport.next()).ack({ 'BITS-Protocol': GUID, 'BITS-Session-Id': '{S}' });
    await transport.next(); // first Fragment in flight
    h.engine.cancel(job.id);
    const cancel = await transport.next();
    expect(cancel.packetType).toBe('Cancel-Session');
    cancel.ack();
    await flushPromises();
    expect(h.job(job.id).cancelPending).toBe(false);
    // The working set holds unfinished jobs and cancelled ones still telling the server; once
    // told, the record (with its header values and password) must leave memory.
    const working = (h.engine as unknown as { book: { jobs: Map<string, unknown> } }).book.jobs;
    expect(working.has(job.id)).toBe(false);
  });
});
