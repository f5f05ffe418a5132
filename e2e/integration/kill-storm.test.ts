import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core.js';
import { toJob } from '../../electron/engine/job-view.js';
import { createJobStore, createSecretBox, fileKeyStore, openDatabase } from '../../electron/store/index.js';
import type { CoreEvent, Job } from '../../shared/contract/core-api.js';
import { sharedQueuePositions } from '../storm/storm.js';
import { allowedTransition } from './storm-checks.js';
import { randomFile, serverFor, storedBytes, tempDir } from './support.js';

const CHILD = join(import.meta.dirname, '../../dist/e2e/storm/storm-child.js');
const SIZE = 1536 * 1024;
type LogEntry = CoreEvent | { type: 'storm-started'; keep: string[]; victims: string[] } | { type: 'wave' };

describe('kill mid-storm: SIGKILL a process in the middle of a storm, then reopen its data folder', () => {
  it('finds what was last committed, no impossible state, unique queue positions, and finishes the uploads', async () => {
    expect(existsSync(CHILD), 'run `npm run build` first (npm test does)').toBe(true);
    const seed = Number(process.env.STORM_SEED ?? Date.now() % 100_000);
    const server = await serverFor();
    const dir = await tempDir();
    const dataDir = join(dir, 'data');
    const logPath = join(dir, 'events.log');
    const files = new Map<string, Buffer>();
    const input = async (name: string) => {
      const file = await randomFile(dir, SIZE, name);
      files.set(`/up/${name}`, file.bytes);
      return { filePath: file.path, url: server.url(`/up/${name}`) };
    };
    const config = {
      keep: await Promise.all(['k1.bin', 'k2.bin', 'k3.bin'].map(input)),
      victims: await Promise.all(['v1.bin', 'v2.bin'].map(input)),
      newJobs: await Promise.all(['n1.bin'].map(input)),
    };
    const child = spawn(process.execPath, [CHILD, dataDir, logPath, String(seed), JSON.stringify(config)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_, signal) => resolve(signal)),
    );
    // Kill after a seed-chosen number of waves, while transfers and commands are in flight.
    const waves = 2 + (seed % 3);
    const readLog = (): LogEntry[] =>
      existsSync(logPath)
        ? readFileSync(logPath, 'utf8')
            .split('\n')
            .filter((line) => line.endsWith('}'))
            .map((line) => JSON.parse(line) as LogEntry)
        : [];
    for (let i = 0; i < 400 && readLog().filter((entry) => entry.type === 'wave').length < waves; i++) {
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    child.kill('SIGKILL');
    expect(await exited, stderr).toBe('SIGKILL');

    // What the killed process announced, hence had committed: the last snapshot of each job.
    const log = readLog();
    const started = log.find((entry) => entry.type === 'storm-started') as { keep: string[] } | undefined;
    expect(started, stderr).toBeDefined();
    const announced = new Map<string, Job>();
    const removed = new Set<string>();
    for (const entry of log) {
      if (entry.type === 'job-changed') announced.set(entry.job.id, entry.job);
      if (entry.type === 'jobs-removed') for (const id of entry.ids) removed.add(id);
    }

    // The database as the kill left it, read without starting an engine.
    const secrets = createSecretBox(await fileKeyStore(dataDir).loadOrCreateKey());
    const raw = createJobStore(openDatabase(join(dataDir, 'bits-uploader.db')).db, { secrets });
    const stored = new Map(raw.listJobs({ limit: 1000 }).records.map((record) => [record.id, toJob(record)]));
    raw.close();
    const problems: string[] = [];
    for (const [id, last] of announced) {
      const now = stored.get(id);
      if (removed.has(id)) {
        if (now) problems.push(`${id} was removed but is still stored`);
        continue;
      }
      // A removal committed just before the kill may not have reached the log.
      if (!now) {
        if (!['acknowledged', 'cancelled'].includes(last.state))
          problems.push(`${id} (${last.state}) vanished`);
        continue;
      }
      if (now.updatedAt < last.updatedAt)
        problems.push(`${id}: stored ${now.updatedAt} is older than announced ${last.updatedAt}`);
      else if (now.updatedAt === last.updatedAt) {
        if (JSON.stringify(now) !== JSON.stringify(last))
          problems.push(`${id}: stored differs from its last announcement`);
      } else if (now.state !== last.state && !allowedTransition(last.state, now.state)) {
        problems.push(`${id}: ${last.state} announced, ${now.state} stored`);
      }
    }
    for (const [id, job] of stored) {
      if (!announced.has(id) && !['queued', 'suspended'].includes(job.state))
        problems.push(`${id}: unannounced ${job.state}`);
      if (job.bytesAcked > job.bytesTotal) problems.push(`${id}: more bytes acked than the file has`);
    }
    expect(problems, `seed ${seed}`).toEqual([]);
    expect(sharedQueuePositions([...stored.values()])).toEqual([]);

    // Reopened by a new owner (the dead process's lock is stale): the same jobs, each in its own place.
    const core = await createCore({ dataDir });
    try {
      const reopened = (await core.queries.list({ limit: 1000 })).jobs;
      expect(new Set(reopened.map((job) => job.id))).toEqual(new Set(stored.keys()));
      expect(sharedQueuePositions(reopened)).toEqual([]);
      // And the uploads that must finish do, byte-identical, from where the server left them.
      await core.commands.updateSettings({ bandwidthLimitBps: 0, maxConcurrentJobs: 4, maxJobsPerHost: 4 });
      const mustFinish = reopened.filter((job) => !['acknowledged', 'cancelled'].includes(job.state));
      for (const job of mustFinish)
        if (job.state === 'suspended' || job.state === 'error') await core.commands.resume(job.id);
      for (let i = 0; i < 400; i++) {
        const states = await Promise.all(
          mustFinish.map(async (job) => (await core.queries.get(job.id))?.job.state),
        );
        if (states.every((state) => state === 'acknowledged')) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      for (const job of (await core.queries.list({ states: ['acknowledged'], limit: 1000 })).jobs) {
        const path = new URL(job.url).pathname;
        expect((await storedBytes(server, path)).equals(files.get(path)!), job.url).toBe(true);
      }
      for (const job of mustFinish)
        expect((await core.queries.get(job.id))?.job.state, job.fileName).toBe('acknowledged');
      console.log(
        `kill mid-storm (seed ${seed}): killed after ${waves} waves, ${log.length} events logged, ${stored.size} jobs stored, ${mustFinish.length} finished after reopening`,
      );
    } finally {
      await core.close();
    }
  });
});
