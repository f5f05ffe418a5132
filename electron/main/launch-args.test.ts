import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchJobs, MAX_FILE_ARGS, parseLaunch } from './launch-args.js';

const packaged = { isPackaged: true, cwd: '/home/ann/dumps' };

describe('parseLaunch', () => {
  it('routes CLI words to the command line, packaged or not', () => {
    expect(parseLaunch(['/opt/BITS Uploader/bits-uploader', 'jobs', 'list', '--json'], packaged)).toEqual({
      kind: 'cli',
      args: ['jobs', 'list', '--json'],
    });
    expect(
      parseLaunch(['electron', '.', 'upload', 'a.bin', 'https://x/a'], { ...packaged, isPackaged: false }),
    ).toEqual({
      kind: 'cli',
      args: ['upload', 'a.bin', 'https://x/a'],
    });
    expect(parseLaunch(['bits-uploader', '--version'], packaged).kind).toBe('cli');
    expect(parseLaunch(['bits-uploader', 'export-key', '--data-dir', '/d'], packaged)).toEqual({
      kind: 'cli',
      args: ['export-key', '--data-dir', '/d'],
    });
  });

  it("resolves a second instance's files against its own working directory and skips Chromium switches", () => {
    const argv = [
      '/opt/BITS Uploader/bits-uploader',
      '--allow-file-access-from-files',
      '--original-process-start-time=1337',
      'crash.dmp',
      '../logs/app.log',
      '/abs/data.zip',
      '--url',
      'https://intake.example.com/bits/',
    ];
    expect(parseLaunch(argv, packaged)).toEqual({
      kind: 'window',
      files: ['/home/ann/dumps/crash.dmp', '/home/ann/logs/app.log', '/abs/data.zip'],
      url: 'https://intake.example.com/bits/',
      dropped: 0,
    });
  });

  it('skips the app folder under `electron .` and opens the window with no files', () => {
    expect(parseLaunch(['electron', '.'], { isPackaged: false, cwd: '/w' })).toEqual({
      kind: 'window',
      files: [],
      dropped: 0,
    });
    expect(parseLaunch(['bits-uploader'], packaged)).toEqual({ kind: 'window', files: [], dropped: 0 });
  });

  it('accepts --url=…, ignores an empty one, and caps the number of files', () => {
    expect(parseLaunch(['x', 'a', '--url=https://h/u'], packaged)).toMatchObject({ url: 'https://h/u' });
    expect(parseLaunch(['x', 'a', '--url='], packaged)).not.toHaveProperty('url');
    const many = Array.from({ length: MAX_FILE_ARGS + 5 }, (_, i) => `f${i}`);
    const launch = parseLaunch(['x', ...many], packaged);
    expect(launch).toMatchObject({ kind: 'window', dropped: 5 });
    if (launch.kind === 'window') expect(launch.files).toHaveLength(MAX_FILE_ARGS);
  });
});

describe('launchJobs', () => {
  it('gives each file its own URL under a folder URL, percent-encoding the name', () => {
    const jobs = launchJobs({
      kind: 'window',
      files: ['/d/crash 1.dmp', '/d/ü#?.log'],
      url: 'https://intake.example.com/bits/',
      dropped: 0,
    });
    expect(jobs).toEqual([
      { filePath: '/d/crash 1.dmp', url: 'https://intake.example.com/bits/crash%201.dmp' },
      { filePath: path.resolve('/d/ü#?.log'), url: 'https://intake.example.com/bits/%C3%BC%23%3F.log' },
    ]);
  });

  it('uses a file URL as is, and makes no jobs without a URL', () => {
    expect(launchJobs({ kind: 'window', files: ['/d/a'], url: 'https://h/x.bin', dropped: 0 })).toEqual([
      { filePath: '/d/a', url: 'https://h/x.bin' },
    ]);
    expect(launchJobs({ kind: 'window', files: ['/d/a'], dropped: 0 })).toEqual([]);
  });
});
