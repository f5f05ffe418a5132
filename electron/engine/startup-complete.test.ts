import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock, flushPromises } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

const GUID = '{7df0354d-249b-430f-820d-3d2a9bef4931}';

describe('start-up file check of a job the server already has in full', () => {
  it('does not fail a job whose upload was complete when the local file changed afterwards', async () => {
    const transport = new ScriptedTransport();
    const h = await engineHarness({
      clock: new FakeClock(),
      transportFor: () => transport,
      settings: { maxConcurrentJobs: 1 },
    });
    const path = join(h.dir, 'app.log');
    writeFileSync(path, Buffer.alloc(100, 1));
    const job = await h.add({ filePath: path, url: 'http://s/app.log' });
    (await transport.next()).ack({ 'BITS-Protocol': GUID, 'BITS-Session-Id': '{S}' });
    (await transport.next()).ack({ 'BITS-Received-Content-Range': '100' });
    const close = await transport.next(); // Close-Session: the app stops before the answer
    expect(close.packetType).toBe('Close-Session');
    await flushPromises();
    expect(h.job(job.id).session?.uploadComplete).toBe(true);
    // Another job, queued behind the one slot, that the scheduler prefers at the next start.
    const other = join(h.dir, 'other');
    writeFileSync(other, Buffer.alloc(10, 1));
    await h.add({ filePath: other, url: 'http://s/other', priority: 'foreground' });
    await h.close();
    appendFileSync(path, 'more log lines\n'); // the log keeps growing while the app is closed
    await h.restart();
    expect((await transport.next()).request.url.pathname).toBe('/other');
    await flushPromises();
    // The server holds all 100 bytes; only Close-Session is left (the runner itself ignores later
    // edits once uploadComplete), yet the start-up check fails the job as "changed".
    expect(h.job(job.id).state).not.toBe('error');
  });
});
