import type { Core, CoreEvent } from '../../shared/contract/core-api.js';
import type { Job } from '../../shared/jobs.js';
import type { CliIo } from './cli-io.js';
import { exitCodeForError } from './error-report.js';
import { EXIT } from './exit-codes.js';
import { printable } from './jobs-render.js';

/** Where waiting ends: done for good, or stopped with an error only a person can clear. */
function outcomeOf(job: Job): number | undefined {
  if (job.state === 'acknowledged') return EXIT.ok;
  if (job.state === 'cancelled') return EXIT.failed;
  if (job.state === 'error') return exitCodeForError(job.error);
  return undefined;
}

/**
 * `jobs wait <id>...`: until every job is acknowledged, cancelled or failed; the exit code is
 * `upload`'s for the first job (in the order given) that did not succeed, else 0.
 */
export async function waitForJobs(core: Core, ids: string[], json: boolean, io: CliIo): Promise<number> {
  const codes = new Map<string, number>();
  let finish!: () => void;
  const allDone = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const settle = (job: Job) => {
    if (codes.has(job.id) || !ids.includes(job.id)) return;
    const code = outcomeOf(job);
    if (code === undefined) return;
    codes.set(job.id, code);
    if (json) io.stdout.write(`${JSON.stringify({ id: job.id, state: job.state, exitCode: code, job })}\n`);
    else {
      const detail = job.error && job.state !== 'acknowledged' ? `: ${printable(job.error.message)}` : '';
      io.stdout.write(`${job.id}  ${job.state}  ${printable(job.fileName)}${detail}\n`);
    }
    if (codes.size === ids.length) finish();
  };
  // Subscribe first, then look: a job that ends in between is seen either way.
  const unsubscribe = core.subscribe((event: CoreEvent) => {
    if (event.type === 'job-changed') settle(event.job);
  });
  try {
    for (const id of ids) {
      const detail = await core.queries.get(id);
      if (!detail) {
        io.stderr.write(`bits-uploader: there is no job ${id}.\n`);
        return EXIT.usage;
      }
      settle(detail.job);
    }
    const disconnected =
      (core as { disconnected?: Promise<void> }).disconnected ?? new Promise<void>(() => {});
    const ended = await Promise.race([
      allDone.then(() => 'done' as const),
      disconnected.then(() => 'gone' as const),
    ]);
    if (ended === 'gone') {
      io.stderr.write('bits-uploader: the running BITS Uploader stopped before the jobs finished.\n');
      return EXIT.failed;
    }
    return ids.map((id) => codes.get(id)!).find((code) => code !== EXIT.ok) ?? EXIT.ok;
  } finally {
    unsubscribe();
  }
}
