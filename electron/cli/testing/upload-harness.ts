import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobError } from '../../../shared/jobs.js';
import { main } from '../main.js';
import { type FakeIoOptions, fakeIo, until } from './fake-io.js';

export const UPLOAD_URL = 'http://server.example/up/a.bin';

/** A temp folder with a.bin (and an out/ folder for replies) to run `upload` in. */
export async function uploadFixture(): Promise<{ dir: string; file: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-cli-upload-'));
  const file = join(dir, 'a.bin');
  await writeFile(file, 'hello');
  await mkdir(join(dir, 'out'));
  return { dir, file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export const jobError = (patch: Partial<JobError> = {}): JobError => ({
  message: 'The server refused the upload (HTTP 403).',
  hint: 'Check your permissions.',
  code: '0x80070005',
  context: 5,
  classification: 'fatal',
  phase: 'upload',
  httpStatus: 403,
  at: 1,
  ...patch,
});

/** Starts `upload a.bin URL ...argv` in `dir` and waits until the job is added or resumed. */
export async function startUpload(dir: string, argv: string[] = [], options: FakeIoOptions = {}) {
  const t = fakeIo({ cwd: dir, ...options });
  const exit = main(['upload', 'a.bin', UPLOAD_URL, ...argv], t.io);
  // The reporter announces the job once it is added or resumed and being followed.
  await until(() => /^Uploading|"event":"start"/m.test(t.err() + t.out()), 'the job to start');
  await t.settle();
  return { ...t, exit };
}

export const lines = (text: string) => text.split('\n').filter(Boolean);
