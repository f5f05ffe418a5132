import { ZodError } from 'zod';
import { type CoreChannel as Channel, dispatch } from '../../shared/contract/channels.js';
import { type Core, CoreError, type CoreEvent, type Job } from '../../shared/contract/core-api.js';
import { JOB_STATES, type JobState } from '../../shared/jobs.js';

/**
 * A storm of parallel commands on every channel, as careless or hostile clients would send them
 * through a host (`dispatch`), and the checks that must hold afterwards. Shared by the in-process
 * storm test and the child process that the kill-mid-storm test SIGKILLs.
 */

/** mulberry32: a small seeded generator, so a failing storm can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StormTargets {
  /** Jobs that must finish: never cancelled or removed by the storm. */
  keep: string[];
  /** Jobs the storm may also cancel and remove. */
  victims: string[];
  /** Files the storm may add as new jobs, and the URL each goes to. */
  newJobs: Array<{ filePath: string; url: string }>;
}

export interface StormOutcome {
  ok: number;
  /** CoreError codes (and 'contract' for a ZodError) with their counts. */
  refused: Record<string, number>;
  /** Anything that is not a clear error: a TypeError, a hang, a non-Error. */
  unexpected: string[];
  /** Jobs the storm added. */
  added: Job[];
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** One random command on one of the targets: a channel and its payload. */
export function randomCommand(random: () => number, targets: StormTargets): [Channel, unknown] {
  const any = pick(random, [...targets.keep, ...targets.victims, 'no-such-job']);
  const keep = pick(random, targets.keep);
  const victim = pick(random, targets.victims.length > 0 ? targets.victims : ['no-such-job']);
  const roll = random();
  if (roll < 0.03 && targets.newJobs.length > 0)
    return ['jobs:add', { ...pick(random, targets.newJobs), priority: 'low' }];
  if (roll < 0.04 && targets.newJobs.length > 0)
    return ['jobs:add-many', { jobs: [pick(random, targets.newJobs), pick(random, targets.newJobs)] }];
  const choices: Array<[Channel, unknown]> = [
    ['jobs:update', { id: any, changes: { headers: [['X-Storm', String(Math.floor(random() * 1000))]] } }],
    ['jobs:update', { id: keep, changes: { fragmentSize: pick(random, [64 * 1024, 256 * 1024, null]) } }],
    ['jobs:suspend', { id: any }],
    ['jobs:resume', { id: any }],
    ['jobs:resume', { id: keep }],
    ['jobs:cancel', { id: victim }],
    ['jobs:complete', { id: any }],
    ['jobs:retry', { id: any }],
    ['jobs:set-priority', { id: any, priority: pick(random, ['foreground', 'high', 'normal', 'low']) }],
    ['jobs:move', { id: any, where: pick(random, ['up', 'down', 'top', 'bottom']) }],
    ['jobs:remove', { ids: [victim] }],
    ['jobs:remove-finished', {}],
    ['jobs:suspend-all', {}],
    ['jobs:resume-all', {}],
    ['jobs:resume-all', {}],
    ['jobs:list', { sort: pick(random, ['queue', 'state', 'progress']), limit: 50 }],
    ['jobs:get', { id: any }],
    ['jobs:find-unfinished', { filePath: '/nowhere', url: 'http://127.0.0.1:9/x', type: 'upload' }],
    ['replies:list', {}],
    ['settings:get', {}],
    [
      'settings:update',
      {
        maxConcurrentJobs: 1 + Math.floor(random() * 4),
        maxJobsPerHost: 1 + Math.floor(random() * 4),
        // Never unlimited: the transfers must still be running when later waves land.
        bandwidthLimitBps: pick(
          random,
          [2, 8, 16].map((mib) => mib * 1024 * 1024),
        ),
      },
    ],
  ];
  return pick(random, choices);
}

/** What an error says about the core: a clear refusal, or a defect. */
export function classifyFailure(error: unknown): { code: string } | { defect: string } {
  if (error instanceof CoreError) return { code: error.code };
  if (error instanceof ZodError) return { code: 'contract' };
  return { defect: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/** Runs `count` commands, `wave` at a time in parallel; every one must settle within `hangMs`. */
export async function runStorm(
  core: Core,
  targets: StormTargets,
  options: { count: number; wave?: number; random: () => number; hangMs?: number; pauseMs?: number },
): Promise<StormOutcome> {
  const outcome: StormOutcome = { ok: 0, refused: {}, unexpected: [], added: [] };
  const wave = options.wave ?? options.count;
  for (let done = 0; done < options.count; done += wave) {
    // A pause between waves spreads the storm over the transfers instead of before them.
    if (done > 0 && options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    const commands = Array.from({ length: Math.min(wave, options.count - done) }, () =>
      randomCommand(options.random, targets),
    );
    await Promise.all(
      commands.map(async ([channel, payload]) => {
        try {
          const result = await settleWithin(
            dispatch(core, channel, payload),
            options.hangMs ?? 30_000,
            channel,
          );
          outcome.ok++;
          if (channel === 'jobs:add') outcome.added.push(result as Job);
          if (channel === 'jobs:add-many') outcome.added.push(...(result as Job[]));
        } catch (error) {
          const failure = classifyFailure(error);
          if ('code' in failure) outcome.refused[failure.code] = (outcome.refused[failure.code] ?? 0) + 1;
          else outcome.unexpected.push(`${channel} ${JSON.stringify(payload)}: ${failure.defect}`);
        }
      }),
    );
  }
  return outcome;
}

function settleWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what} did not settle in ${ms} ms`)), ms);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

const STATES = new Set<string>(JOB_STATES);
const FINAL = new Set<JobState>(['acknowledged', 'cancelled']);

/**
 * Impossible things in an event stream: an unknown state, a job leaving a final state, an
 * updatedAt that does not increase, any event about a job after its removal, and a state change
 * the state machine does not allow (`allowed(from, to)`).
 */
export function impossibleEvents(
  events: CoreEvent[],
  allowed: (from: JobState, to: JobState) => boolean,
): string[] {
  const problems: string[] = [];
  const last = new Map<string, Job>();
  const removed = new Set<string>();
  for (const event of events) {
    if (event.type === 'jobs-removed') {
      for (const id of event.ids) removed.add(id);
      continue;
    }
    const id =
      event.type === 'job-changed' ? event.job.id : event.type === 'progress' ? event.jobId : undefined;
    if (id === undefined) continue;
    if (removed.has(id)) problems.push(`${event.type} for ${id} after its removal`);
    if (event.type !== 'job-changed') continue;
    const job = event.job;
    const previous = last.get(id);
    if (!STATES.has(job.state)) problems.push(`${id}: unknown state ${job.state}`);
    if (job.bytesAcked > job.bytesTotal)
      problems.push(`${id}: ${job.bytesAcked} of ${job.bytesTotal} bytes acked`);
    if (previous) {
      if (job.updatedAt <= previous.updatedAt)
        problems.push(`${id}: updatedAt went ${previous.updatedAt} → ${job.updatedAt}`);
      if (FINAL.has(previous.state) && job.state !== previous.state)
        problems.push(`${id}: left ${previous.state} for ${job.state}`);
      else if (job.state !== previous.state && !allowed(previous.state, job.state))
        problems.push(`${id}: ${previous.state} → ${job.state} is not a transition`);
    }
    last.set(id, job);
  }
  return problems;
}

/** Queue positions shared by two jobs (each job must have its own). */
export function sharedQueuePositions(jobs: Array<Pick<Job, 'id' | 'queueOrder'>>): string[] {
  const seen = new Map<number, string>();
  const problems: string[] = [];
  for (const job of jobs) {
    const other = seen.get(job.queueOrder);
    if (other !== undefined) problems.push(`${other} and ${job.id} share queue position ${job.queueOrder}`);
    seen.set(job.queueOrder, job.id);
  }
  return problems;
}
