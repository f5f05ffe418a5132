import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../shared/contract/core-api.js';
import { main } from './main.js';
import { fakeIo } from './testing/fake-io.js';
import { readVersion } from './version.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bits-cli-main-'));
  await writeFile(join(dir, 'a.bin'), 'hello');
  await writeFile(join(dir, 'not-a-cert.pem'), 'hello');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('bits-uploader', () => {
  it('prints help with the exit codes', async () => {
    const t = fakeIo();
    expect(await main(['--help'], t.io)).toBe(0);
    expect(t.out()).toMatch(/bits-uploader upload <file> <url>/);
    for (const code of ['0 ', '1 ', '2 ', '3 ', '4 ', '5 ', '130']) expect(t.out()).toContain(`\n  ${code}`);
  });

  it('prints command help', async () => {
    const t = fakeIo();
    expect(await main(['upload', '--help'], t.io)).toBe(0);
    expect(t.out()).toMatch(/--fragment-size <size>/);
    expect(t.out()).toMatch(/--give-up-after/);
    const c = fakeIo();
    expect(await main(['help', 'check'], c.io)).toBe(0);
    expect(c.out()).toMatch(/Cancel-Session/);
  });

  it('prints the version from package.json', async () => {
    const t = fakeIo();
    expect(await main(['--version'], t.io)).toBe(0);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(t.out()).toBe(`${pkg.version}\n`);
  });

  it('finds package.json from a build folder too', () => {
    const fromDist = new URL('../../dist/electron/cli/version.js', import.meta.url).href;
    expect(readVersion(fromDist)).toBe(readVersion());
  });

  it.each([
    [[], 'no command given.', 'bits-uploader --help'],
    [['push'], 'unknown command "push".', 'bits-uploader --help'],
    [['upload', 'a', 'http://h/a', '--force'], 'unknown option --force.', 'bits-uploader upload --help'],
    [
      ['check', 'http://h/a', '--fragment-size', '1M'],
      'unknown option --fragment-size.',
      'bits-uploader check --help',
    ],
  ])('%j is a usage error (exit 2)', async (argv, message, help) => {
    const t = fakeIo();
    expect(await main(argv, t.io)).toBe(2);
    expect(t.err()).toBe(`bits-uploader: ${message}\nRun "${help}" for usage.\n`);
    expect(t.out()).toBe('');
  });

  it('exits 3 when the file is missing, before opening the data folder', async () => {
    const t = fakeIo({ cwd: dir });
    expect(await main(['upload', 'missing.bin', 'http://h/up/x'], t.io)).toBe(3);
    expect(t.err()).toMatch(/There is no file at .*missing\.bin/);
    expect(t.opened).toHaveLength(0);
  });

  it('exits 3 for a folder', async () => {
    const t = fakeIo({ cwd: dir });
    expect(await main(['upload', '.', 'http://h/up/x'], t.io)).toBe(3);
    expect(t.err()).toMatch(/is a folder or device, not a file/);
  });

  it('exits 2 when --ca is missing or not a certificate', async () => {
    const t = fakeIo({ cwd: dir });
    expect(await main(['upload', 'a.bin', 'https://h/up/x', '--ca', 'nope.pem'], t.io)).toBe(2);
    expect(t.err()).toMatch(/the CA certificate file .*nope\.pem does not exist/);
    const u = fakeIo({ cwd: dir });
    expect(await main(['check', 'https://h/up/x', '--ca', 'not-a-cert.pem'], u.io)).toBe(2);
    expect(u.err()).toMatch(/not a PEM certificate file/);
  });

  it('exits 2 when the folder for --reply does not exist', async () => {
    const t = fakeIo({ cwd: dir });
    expect(await main(['upload', 'a.bin', 'http://h/reply/x', '--reply', 'nowhere/r.xml'], t.io)).toBe(2);
    expect(t.err()).toMatch(/the folder for the reply file \(.*nowhere\) does not exist/);
    expect(t.opened).toHaveLength(0);
  });

  it('exits 5 with the core message when the data folder is locked', async () => {
    const t = fakeIo({
      cwd: dir,
      openCore: async () => {
        throw new CoreError('locked', 'The data folder /d is in use by another BITS Uploader (pid 42).');
      },
    });
    expect(await main(['upload', 'a.bin', 'http://h/up/x', '--data-dir', '/d'], t.io)).toBe(5);
    expect(t.err()).toMatch(/in use by another BITS Uploader \(pid 42\)/);
    expect(t.opened).toEqual([{ dataDir: '/d', env: {} }]);
  });

  it('reports the locked folder as a JSON error line with --json', async () => {
    const t = fakeIo({
      cwd: dir,
      openCore: async () => {
        throw new CoreError('locked', 'in use');
      },
    });
    expect(await main(['upload', 'a.bin', 'http://h/up/x', '--json'], t.io)).toBe(5);
    expect(JSON.parse(t.out())).toMatchObject({ event: 'error', message: 'in use', exitCode: 5 });
  });

  it('exits 1 on an unexpected failure, with the detail on stderr', async () => {
    const t = fakeIo({
      cwd: dir,
      openCore: async () => {
        throw new Error('disk on fire');
      },
    });
    expect(await main(['upload', 'a.bin', 'http://h/up/x'], t.io)).toBe(1);
    expect(t.err()).toMatch(/unexpected failure: Error: disk on fire/);
  });
});
