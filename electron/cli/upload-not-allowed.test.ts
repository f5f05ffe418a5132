import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CoreError } from '../../shared/contract/core-api.js';
import { main } from './main.js';
import { fakeIo } from './testing/fake-io.js';

describe('bits-uploader upload of a file the core’s local-file policy refuses', () => {
  it('exits 3 (a local file problem) with the core’s message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bits-cli-policy-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'a.bin'), 'a');
    const t = fakeIo({ cwd: dir });
    t.core.addError = new CoreError('not-allowed', '/proc/self/status is in a system folder.');
    expect(await main(['upload', 'a.bin', 'http://h/up/x'], t.io)).toBe(3);
    expect(t.err()).toMatch(/is in a system folder/);
  });
});
