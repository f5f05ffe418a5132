import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_SETTINGS, type Job } from '../../shared/jobs.js';
import { openInstance } from './instance.js';
import { main } from './main.js';
import { parseJobsCommand, parseServeArgs } from './remote-args.js';
import { buildPatch, renderSettings, shownSettings } from './settings-command.js';
import { realIo } from './testing/real-io.js';

async function folder() {
  const dir = await mkdtemp(join(tmpdir(), 'bits-jobs-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function run(dir: string, ...argv: string[]) {
  const t = realIo(dir);
  const code = await main([...argv, '--data-dir', join(dir, 'data')], t.io);
  return { code, out: t.out(), err: t.err() };
}

describe('bits-uploader jobs on a data folder no instance runs', () => {
  it('adds files under a folder URL (held until an instance starts), lists, shows, and acts on them', async () => {
    const dir = await folder();
    writeFileSync(join(dir, 'one #1.bin'), 'one');
    writeFileSync(join(dir, 'two.bin'), 'two!');
    const added = await run(
      dir,
      'jobs',
      'add',
      'one #1.bin',
      'two.bin',
      '--url',
      'http://127.0.0.1:9/in/',
      '--json',
      '--priority',
      'high',
    );
    expect(added.code, added.err).toBe(0);
    expect(added.err).toMatch(/No BITS Uploader is running on .*: changing the data folder directly/);
    const jobs = added.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Job);
    expect(jobs.map((job) => [job.url, job.state, job.priority])).toEqual([
      ['http://127.0.0.1:9/in/one%20%231.bin', 'queued', 'high'],
      ['http://127.0.0.1:9/in/two.bin', 'queued', 'high'],
    ]);
    const [one, two] = jobs as [Job, Job];
    expect((await run(dir, 'jobs', 'suspend', one.id)).out).toContain(`${one.id}  suspended`);
    const listed = await run(dir, 'jobs', 'list', '--state', 'suspended');
    expect(listed.out).toMatch(/^ID\s+STATE\s+DONE\s+SIZE\s+FILE\n/);
    expect(listed.out).toContain('one #1.bin');
    expect(listed.out).not.toContain('two.bin');
    const shown = await run(dir, 'jobs', 'show', one.id);
    expect(shown.out).toMatch(/State:\s+suspended/);
    expect(shown.out).toMatch(/Timeline:/);
    expect((await run(dir, 'jobs', 'cancel', '--all')).code).toBe(0);
    const removed = await run(dir, 'jobs', 'remove', '--all', '--json');
    expect(JSON.parse(removed.out).removed.sort()).toEqual([one.id, two.id].sort());
    const missing = await run(dir, 'jobs', 'show', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('There is no job nope.');
  });

  it('a single-file URL is used as it is; a missing file is a local problem (exit 3)', async () => {
    const dir = await folder();
    writeFileSync(join(dir, 'a.bin'), 'a');
    const added = await run(
      dir,
      'jobs',
      'add',
      'a.bin',
      '--url',
      'http://127.0.0.1:9/fixed.bin',
      '--suspended',
      '--json',
    );
    expect(JSON.parse(added.out)).toMatchObject({ url: 'http://127.0.0.1:9/fixed.bin', state: 'suspended' });
    const missing = await run(dir, 'jobs', 'add', 'gone.bin', '--url', 'http://127.0.0.1:9/in/');
    expect(missing.code).toBe(3);
  });

  it('gets and sets settings, refusing unknown keys and bad values', async () => {
    const dir = await folder();
    const set = await run(dir, 'settings', 'set', 'maxConcurrentJobs=7', 'retry.minDelayMs=10000');
    expect(set.code, set.err).toBe(0);
    const got = await run(dir, 'settings', 'get', '--json');
    expect(JSON.parse(got.out)).toMatchObject({ maxConcurrentJobs: 7, retry: { minDelayMs: 10000 } });
    expect((await run(dir, 'settings', 'set', 'colour=blue')).code).toBe(2);
    expect((await run(dir, 'settings', 'set', 'maxConcurrentJobs=many')).code).toBe(2);
    expect((await run(dir, 'settings', 'set', 'maxConcurrentJobs=0')).code).toBe(2);
    expect(() => buildPatch([['replyFolder', '/tmp/r']])).not.toThrow();
    expect(
      buildPatch([
        ['app.theme', 'dark'],
        ['app.launchAtLogin', 'true'],
      ]),
    ).toEqual({
      app: { theme: 'dark', launchAtLogin: true },
    });
    expect(() => buildPatch([['app.launchAtLogin', 'yes']])).toThrow(/true or false/);
    expect(buildPatch([['bandwidthSchedule', '[]']])).toEqual({ bandwidthSchedule: [] });
    const rule = { days: [1], fromHour: 9, toHour: 17, limitBps: 1024 };
    expect(renderSettings({ bandwidthSchedule: [rule], app: { theme: 'dark' } })).toBe(
      `bandwidthSchedule=${JSON.stringify([rule])}\napp.theme=dark\n`,
    );
  });

  it('never prints the proxy password it keeps, in either output', async () => {
    const dir = await folder();
    const proxy = 'http://alice:s3cr%40t@proxy.corp:3128';
    expect((await run(dir, 'settings', 'set', `proxy=${proxy}`)).code).toBe(0);
    for (const args of [[], ['--json']]) {
      const got = await run(dir, 'settings', 'get', ...args);
      expect(got.out).not.toContain('s3cr');
      expect(got.out).toContain('http://alice:[redacted]@proxy.corp:3128');
    }
    // Kept as set: the engine still has it.
    const { core } = await openInstance(join(dir, 'data'), realIo(dir).io);
    try {
      expect((await core.queries.settings()).proxy).toBe(proxy);
    } finally {
      await core.close();
    }
    const plain = shownSettings({ ...DEFAULT_SETTINGS, proxy: 'http://proxy.corp:3128' });
    expect(plain.proxy).toBe('http://proxy.corp:3128');
    expect(shownSettings({ ...DEFAULT_SETTINGS, proxy: 'direct' }).proxy).toBe('direct');
  });
});

describe('parsing the remote verbs', () => {
  it('reads jobs verbs and refuses what makes no sense', () => {
    expect(parseJobsCommand(['wait', 'a', 'b'], '/')).toMatchObject({ verb: 'wait', ids: ['a', 'b'] });
    expect(parseJobsCommand(['resume', '--all'], '/')).toMatchObject({ verb: 'resume', all: true, ids: [] });
    expect(parseJobsCommand(['list', '--state', 'queued,error'], '/')).toMatchObject({
      states: ['queued', 'error'],
    });
    expect(() => parseJobsCommand(['resume', 'a', '--all'], '/')).toThrow(/not both/);
    expect(() => parseJobsCommand(['resume'], '/')).toThrow(/job ids or --all/);
    expect(() => parseJobsCommand(['add', 'f'], '/')).toThrow(/--url/);
    expect(() => parseJobsCommand(['add', 'f', '--url', 'ftp://x/'], '/')).toThrow(/http/);
    expect(() => parseJobsCommand(['list', '--state', 'flying'], '/')).toThrow(/--state must be one of/);
    expect(() => parseJobsCommand(['fly'], '/')).toThrow(/unknown jobs verb/);
  });

  it('reads serve options', () => {
    expect(parseServeArgs([], '/w')).toMatchObject({
      port: 7590,
      host: '127.0.0.1',
      open: false,
      allowFolders: [],
    });
    expect(
      parseServeArgs(
        ['--port', '0', '--allow-folder', 'a', '--allow-folder', '/b', '--max-stage-size', '2G'],
        '/w',
      ),
    ).toMatchObject({
      port: 0,
      allowFolders: ['/w/a', '/b'],
      maxStageBytes: 2 * 1024 ** 3,
    });
    expect(() => parseServeArgs(['--port', '70000'], '/')).toThrow(/port number/);
    expect(() => parseServeArgs(['--tls-cert', 'c.pem'], '/')).toThrow(/go together/);
    expect(() => parseServeArgs(['--bogus'], '/')).toThrow(/unknown option --bogus/);
  });

  it('prints help for the new commands', async () => {
    const dir = await folder();
    const t = realIo(dir);
    expect(await main(['jobs', '--help'], t.io)).toBe(0);
    expect(t.out()).toMatch(/jobs wait <id>\.\.\./);
    const general = realIo(dir);
    await main(['--help'], general.io);
    expect(general.out()).toMatch(/bits-uploader serve \[options\]/);
  });
});
