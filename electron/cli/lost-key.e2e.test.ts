import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BitsServer, startBitsServer } from '../../e2e/bits-server/index.js';
import { createCore } from '../core.js';
import { main } from './main.js';
import { realIo } from './testing/real-io.js';

const CREDENTIALS = { user: 'ann', password: 'Sesame-0pen-9' };
let root: string;
let server: BitsServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bits-cli-lost-key-'));
  server = await startBitsServer({ root: join(root, 'server'), auth: CREDENTIALS });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('upload when the saved password can no longer be read (key file lost)', () => {
  it('refuses to run the job without it, says to enter it again, and finishes once it is given', async () => {
    const file = join(root, 'report.bin');
    const bytes = randomBytes(70_000);
    await writeFile(file, bytes);
    const dataDir = join(root, 'data');
    const url = server.url('/up/report.bin');
    // An earlier run left the job unfinished, with its password sealed under the old key.
    const earlier = await createCore({ dataDir });
    await earlier.commands.add({ filePath: file, url, credentials: CREDENTIALS, suspended: true });
    await earlier.close();
    await unlink(join(dataDir, 'secret.key'));

    const without = realIo(root);
    expect(await main(['upload', file, url, '--data-dir', dataDir], without.io)).toBe(1);
    expect(without.err()).toMatch(/The saved password for this job cannot be read; enter it again/);
    expect(without.err()).toMatch(/What to do: Give the password/);
    expect(server.log.some((entry) => entry.packetType === 'Create-Session')).toBe(false);

    const again = realIo(root);
    const argv = [
      'upload',
      file,
      url,
      '--data-dir',
      dataDir,
      '--user',
      `${CREDENTIALS.user}:${CREDENTIALS.password}`,
    ];
    expect(await main(argv, again.io), again.err()).toBe(0);
    expect(again.err()).toMatch(/^Resuming/m);
    expect((await readFile(server.filePath('/up/report.bin'))).equals(bytes)).toBe(true);
  });
});
