import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE } from './data-dir-lock.js';
import { makeTempDir } from './testing/job-fixtures.js';

let temp: ReturnType<typeof makeTempDir>;
let lockPath: string;
beforeEach(() => {
  temp = makeTempDir('bits-lock-');
  lockPath = path.join(temp.dir, LOCK_FILE);
});
afterEach(() => temp.remove());

const readLock = (): Record<string, unknown> => JSON.parse(readFileSync(lockPath, 'utf8'));

describe('acquireDataDirLock in one process', () => {
  it('writes who holds it and removes it on release (twice is harmless)', () => {
    const lock = acquireDataDirLock(temp.dir);
    expect(lock.path).toBe(lockPath);
    const owner = readLock();
    expect(owner).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(owner.startedAt).toBeLessThanOrEqual(Date.now());
    expect(typeof owner.command).toBe('string');
    lock.release();
    expect(existsSync(lockPath)).toBe(false);
    lock.release();
  });

  it('treats garbage, an empty file or a half-written record as stale and takes it over', () => {
    for (const content of ['', '}{ not json', '{"pid":"12","hostname":3}', 'null']) {
      writeFileSync(lockPath, content);
      const lock = acquireDataDirLock(temp.dir);
      expect(readLock().pid).toBe(process.pid);
      lock.release();
    }
  });

  it('takes over the lock of a process that has exited', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    writeFileSync(
      lockPath,
      JSON.stringify({ pid: child.pid, hostname: hostname(), startedAt: Date.now() - 1000, command: 'node' }),
    );
    const lock = acquireDataDirLock(temp.dir);
    expect(readLock().pid).toBe(process.pid);
    lock.release();
  });

  it('counts a live process it may not signal (EPERM) as running', () => {
    // pid 1 always exists; as non-root kill(1, 0) fails with EPERM, as root it succeeds.
    writeFileSync(lockPath, JSON.stringify({ pid: 1, hostname: hostname(), startedAt: 0, command: 'init' }));
    expect(() => acquireDataDirLock(temp.dir)).toThrow(DataDirLockedError);
    expect(readLock().pid).toBe(1);
  });

  it.runIf(process.platform === 'linux')('knows a pid from an earlier boot is not the holder', () => {
    writeFileSync(
      lockPath,
      JSON.stringify({ pid: 1, hostname: hostname(), startedAt: 0, command: 'x', bootId: 'an-earlier-boot' }),
    );
    const lock = acquireDataDirLock(temp.dir);
    expect(readLock().pid).toBe(process.pid);
    lock.release();
  });

  it('does not guess about a holder on another computer', () => {
    writeFileSync(
      lockPath,
      JSON.stringify({ pid: 999_999, hostname: 'elsewhere', startedAt: 0, command: 'x' }),
    );
    const error = catchLocked(() => acquireDataDirLock(temp.dir));
    expect(error.message).toContain('another computer (elsewhere, process 999999');
    expect(error.message).toContain(lockPath);
  });

  it('refuses a second acquisition in the same process', () => {
    const lock = acquireDataDirLock(temp.dir);
    expect(catchLocked(() => acquireDataDirLock(temp.dir)).pid).toBe(process.pid);
    lock.release();
  });

  it('releases only a lock that is still its own', () => {
    const lock = acquireDataDirLock(temp.dir);
    const theirs = JSON.stringify({
      pid: 1,
      hostname: hostname(),
      startedAt: 0,
      command: 'other',
      token: 't',
    });
    writeFileSync(lockPath, theirs);
    lock.release();
    expect(readFileSync(lockPath, 'utf8')).toBe(theirs);
  });
});

describe('acquireDataDirLock across real processes', () => {
  let moduleUrl: string;
  let moduleDir: ReturnType<typeof makeTempDir>;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    // The child runs the real module, compiled by the project's own tsc (it imports only node:).
    moduleDir = makeTempDir('bits-lock-module-');
    const here = path.dirname(fileURLToPath(import.meta.url));
    const tsc = path.join(here, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [
      tsc,
      ...['--noCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'],
      ...['--types', 'node', '--rootDir', here, '--outDir', moduleDir.dir],
      path.join(here, 'data-dir-lock.ts'),
    ]);
    writeFileSync(path.join(moduleDir.dir, 'package.json'), '{ "type": "module" }\n');
    moduleUrl = pathToFileURL(path.join(moduleDir.dir, 'data-dir-lock.js')).href;
  });
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    moduleDir.remove();
  });

  const HOLDER = `
    const { acquireDataDirLock } = await import(process.argv[1]);
    const lock = acquireDataDirLock(process.argv[2]);
    console.log('locked');
    process.stdin.on('data', () => { lock.release(); process.exit(0); });`;
  const CONTENDER = `
    const { acquireDataDirLock } = await import(process.argv[1]);
    try { acquireDataDirLock(process.argv[2]); console.log(JSON.stringify({ ok: true })); }
    catch (e) { console.log(JSON.stringify({ name: e.name, pid: e.pid, startedAt: e.startedAt, message: e.message })); }`;

  function run(script: string): ChildProcess {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, moduleUrl, temp.dir]);
    children.push(child);
    return child;
  }
  async function firstLine(child: ChildProcess): Promise<string> {
    let text = '';
    for await (const chunk of child.stdout!) {
      text += chunk;
      if (text.includes('\n')) break;
    }
    return text.trim();
  }

  it('a second process gets the clear error naming the first', async () => {
    const holder = run(HOLDER);
    expect(await firstLine(holder)).toBe('locked');

    const contender = run(CONTENDER);
    const answer = JSON.parse(await firstLine(contender));
    expect(answer.name).toBe('DataDirLockedError');
    expect(answer.pid).toBe(holder.pid);
    expect(answer.message).toMatch(
      new RegExp(
        `^BITS Uploader is already running with this data folder \\(process ${holder.pid}, started \\d{4}-`,
      ),
    );
    expect(answer.message).toContain('Close it, or use another --data-dir.');

    // And in this process too.
    expect(catchLocked(() => acquireDataDirLock(temp.dir)).pid).toBe(holder.pid);

    holder.stdin!.write('release\n');
    await once(holder, 'exit');
    expect(existsSync(lockPath)).toBe(false);
  });

  it('takes over the stale lock of a holder that was killed with SIGKILL', async () => {
    const holder = run(HOLDER);
    expect(await firstLine(holder)).toBe('locked');
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    expect(readLock().pid).toBe(holder.pid); // it never got to clean up

    const contender = run(CONTENDER);
    expect(JSON.parse(await firstLine(contender))).toEqual({ ok: true });
    await once(contender, 'exit');
    // The contender exited without releasing: now its lock is the stale one, and we take it.
    const lock = acquireDataDirLock(temp.dir);
    expect(readLock().pid).toBe(process.pid);
    lock.release();
  });
});

function catchLocked(fn: () => unknown): DataDirLockedError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DataDirLockedError) return error;
    throw error;
  }
  throw new Error('expected DataDirLockedError');
}
