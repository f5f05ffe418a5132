import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createCore } from '../../electron/core.js';
import {
  CHANNELS,
  type CoreChannel as Channel,
  CORE_CHANNELS,
  dispatch,
} from '../../shared/contract/channels.js';
import { CORE_ERROR_CODES, CoreError } from '../../shared/contract/core-api.js';
import { seededRandom } from '../storm/storm.js';
import { malformedPayloads } from './malformed-payloads.js';
import { describeDescriptors, openDescriptors, settledDescriptors } from './storm-checks.js';
import { tempDir } from './support.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

const PER_CHANNEL = 75;

describe('malformed payloads on every channel, through dispatch as a host passes them', () => {
  it('answers each with a clear error (never a TypeError or a hang), and the core keeps working', async () => {
    const seed = Number(process.env.MALFORMED_SEED ?? Date.now() % 100_000);
    const random = seededRandom(seed);
    const dir = await tempDir();
    const file = join(dir, 'a.bin');
    writeFileSync(file, 'abc');
    const baseline = openDescriptors();
    const core = await createCore({ dataDir: join(dir, 'data') });
    try {
      const url = 'http://127.0.0.1:9/up/a.bin';
      const job = await core.commands.add({ filePath: file, url, suspended: true });
      const add = { filePath: file, url, suspended: true, headers: [['X-A', 'b']], priority: 'low' };
      const valid: Partial<Record<Channel, Record<string, unknown>>> = {
        'jobs:add': add,
        'jobs:add-many': { jobs: [add, add] },
        'jobs:update': {
          id: job.id,
          changes: { headers: [['X-B', 'c']], fragmentSize: 65536, caFile: null },
        },
        'jobs:suspend': { id: job.id },
        'jobs:resume': { id: job.id },
        'jobs:cancel': { id: 'some-other-job' },
        'jobs:complete': { id: job.id },
        'jobs:retry': { id: job.id },
        'jobs:set-priority': { id: job.id, priority: 'high' },
        'jobs:move': { id: job.id, where: 'top' },
        'jobs:remove': { ids: [job.id] },
        'jobs:list': {
          states: ['queued'],
          search: 'a',
          sort: 'name',
          direction: 'desc',
          offset: 0,
          limit: 10,
        },
        'jobs:get': { id: job.id },
        'jobs:find-unfinished': { filePath: file, url, type: 'upload' },
        'settings:update': { maxConcurrentJobs: 2, retry: { minDelayMs: 6000 }, bandwidthLimitBps: 1000 },
      };
      const defects: string[] = [];
      let answered = 0;
      let refused = 0;
      // Host channels need a host's services: the serve and Electron suites drive those.
      const channels = Object.keys(CORE_CHANNELS) as Channel[];
      for (const channel of channels) {
        const payloads = malformedPayloads(valid[channel] ?? {}, PER_CHANNEL, random);
        await Promise.all(
          payloads.map(async (payload) => {
            const shown = () => `${channel} ${safeJson(payload)}`;
            try {
              const result = await settleWithin(dispatch(core, channel, payload), 10_000);
              // Whatever got through still answers in the contract's shape.
              const parsed = CHANNELS[channel].response.safeParse(result);
              if (!parsed.success) defects.push(`${shown()}: answer breaks the contract`);
              for (const problem of acceptedHostileJob(result)) defects.push(`${shown()}: ${problem}`);
              answered++;
            } catch (error) {
              refused++;
              if (error instanceof ZodError) return;
              if (
                error instanceof CoreError &&
                CORE_ERROR_CODES.includes(error.code) &&
                error.message.length > 0
              ) {
                if (error.message.length > 10_000)
                  defects.push(`${shown()}: a ${error.message.length}-char message`);
                return;
              }
              defects.push(
                `${shown()}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
              );
            }
          }),
        );
      }
      expect(defects, `seed ${seed}`).toEqual([]);
      expect(answered + refused).toBeGreaterThanOrEqual(channels.length * PER_CHANNEL);
      expect(refused).toBeGreaterThan(answered);

      // The core still works: a clean add, list, get and settings round trip.
      const after = await core.commands.add({
        filePath: file,
        url: 'http://127.0.0.1:9/up/after.bin',
        suspended: true,
      });
      expect(after.url).toBe('http://127.0.0.1:9/up/after.bin');
      expect((await core.queries.get(after.id))?.job.state).toBe('suspended');
      expect((await core.commands.updateSettings({ maxConcurrentJobs: 3 })).maxConcurrentJobs).toBe(3);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      console.log(`malformed payloads (seed ${seed}): ${refused} refused, ${answered} answered`);
    } finally {
      await core.close();
    }
    expect(await settledDescriptors(baseline), describeDescriptors().join('\n')).toBeLessThanOrEqual(
      baseline,
    );
    expect(unhandled).toEqual([]);
  });
});

/** A job that should never have been accepted: a URL no server can serve, a file that is not one. */
function acceptedHostileJob(result: unknown): string[] {
  const jobs = Array.isArray(result) ? result : [result];
  const problems: string[] = [];
  for (const job of jobs as Array<{ url?: unknown; filePath?: unknown } | null>) {
    if (!job || typeof job.url !== 'string' || typeof job.filePath !== 'string') continue;
    if (/[\x00-\x1f]/.test(job.url) || job.url.length > 8192) problems.push('a raw URL was stored');
    if (new URL(job.url).port === '0') problems.push('a port 0 URL was accepted');
    if (/^\/(proc|sys|dev)\//.test(job.filePath)) problems.push(`${job.filePath} was accepted`);
  }
  return problems;
}

function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(value);
  }
}
