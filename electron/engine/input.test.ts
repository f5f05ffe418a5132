import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock, flushPromises } from '../bits/testing/fake-clock.js';
import { ScriptedTransport } from '../bits/testing/scripted-transport.js';
import { engineHarness } from './testing/engine-harness.js';

async function setup() {
  const transport = new ScriptedTransport();
  const h = await engineHarness({ clock: new FakeClock(), transportFor: () => transport });
  const path = join(h.dir, 'a');
  writeFileSync(path, Buffer.alloc(100, 1));
  return { h, path };
}

describe('add() input that can never run', () => {
  it('refuses a Basic user name containing ":" instead of storing a job that retries for 14 days', async () => {
    const { h, path } = await setup();
    const added = await h
      .add({ filePath: path, url: 'http://s/a', credentials: { user: 'alice:admin', password: 'pw' } })
      .then(
        (job) => job,
        () => undefined,
      );
    if (!added) return; // refused at the boundary: fine
    await flushPromises();
    // Every attempt fails inside the protocol layer with a plain Error, classified as transient.
    expect(h.job(added.id).error?.message).toMatch(/cannot contain/);
    expect(h.job(added.id).state).not.toBe('transient-error');
  });

  it('refuses a CA file that is a folder instead of storing a job that retries for 14 days', async () => {
    // The real transport factory (it reads caFile); no request is made before it fails.
    const h = await engineHarness({ clock: new FakeClock() });
    const path = join(h.dir, 'a');
    writeFileSync(path, Buffer.alloc(100, 1));
    const folder = join(h.dir, 'certs');
    mkdirSync(folder);
    const added = await h.add({ filePath: path, url: 'https://127.0.0.1:9/a', caFile: folder }).then(
      (job) => job,
      () => undefined,
    );
    if (!added) return; // refused at the boundary: fine
    await h.waitFor(added.id, (job) => job.state === 'transient-error' || job.state === 'error');
    expect(h.job(added.id).error?.message).toMatch(/EISDIR|directory/);
    expect(h.job(added.id).state).not.toBe('transient-error');
  });
});
