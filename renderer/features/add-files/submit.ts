import type { AddJobInput } from '../../../shared/contract/core-api.js';
import { formatBytes } from '../../../shared/format.js';
import type { Transport } from '../../lib/transport/transport.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import type { HostStore } from '../../stores/host-store.js';
import type { JobsStore } from '../../stores/jobs-store.js';
import type { UiStore } from '../../stores/ui-store.js';
import { findClashes, nameList } from './clashes.js';
import { planJobs } from './plan-jobs.js';

/**
 * One file to queue: on the host's disk (`path`) or in this browser (`file`, staged first).
 * `name` is what it is called under the destination folder, a relative path for folder contents.
 */
export interface Candidate {
  name: string;
  /** Unknown for a typed or pasted path (the host knows it). */
  size?: number;
  path?: string;
  file?: File;
}

export interface SubmitDeps {
  transport: Transport;
  ui: UiStore;
  host: HostStore;
  jobs: JobsStore;
}

/** A drop of more files than this asks first (issue 7): a stray drag of a home folder is costly. */
export const CONFIRM_ABOVE = 100;
/** jobs:add-many takes at most this many at once. */
const BATCH = 10_000;

let stagingKey = 0;

/**
 * Queues candidates after the questions a user should get: a large add, and names that an
 * unfinished job already uploads to. Resolves with how many jobs were added; every refusal
 * becomes a notice that says what happened and what to do.
 */
export async function submitCandidates(deps: SubmitDeps, candidates: Candidate[]): Promise<number> {
  const { ui } = deps;
  const notify = (message: string, hint?: string) => ui.getState().notify(message, hint);
  if (candidates.length === 0) return 0;
  const { destinationUrl, jobType, priority, destinationId } = ui.getState();
  const options = { type: jobType, priority, destinationId };
  const plan = planJobs(
    candidates.map((candidate) => ({ name: candidate.name, path: candidate.path ?? candidate.name })),
    destinationUrl,
    options,
  );
  if (!plan.ok) {
    notify(plan.message, plan.hint);
    return 0;
  }
  if (candidates.length > CONFIRM_ABOVE) {
    const sized = candidates.every((candidate) => candidate.size !== undefined);
    const total = candidates.reduce((sum, candidate) => sum + (candidate.size ?? 0), 0);
    const count = candidates.length.toLocaleString('en');
    const confirmed = await ui.getState().confirm({
      title: `Add ${count} files?`,
      message: `${count} files${sized ? `, ${formatBytes(total)} in all,` : ''} will each become an upload to ${destinationUrl.trim()}.`,
      confirmLabel: `Add ${count} files`,
      dismissLabel: 'Cancel',
    });
    if (!confirmed) return 0;
  }
  let picked = candidates.map((candidate, index) => ({ candidate, job: plan.jobs[index]! }));
  const clashes = findClashes(
    deps.jobs.getState().byId,
    picked.map(({ candidate, job }) => ({ name: candidate.name, url: job.url })),
  );
  if (clashes.length > 0) {
    const one = clashes.length === 1;
    const addAnyway = await ui.getState().confirm({
      title: one ? 'This file is already queued' : `${clashes.length} files are already queued`,
      message: `${nameList(clashes.map((clash) => clash.name))} ${one ? 'goes' : 'go'} to the same URL as ${one ? 'an upload' : 'uploads'} not finished yet. A second upload would replace the first on the server.`,
      confirmLabel: 'Add anyway',
      dismissLabel: one ? 'Skip it' : 'Skip these',
    });
    if (!addAnyway) {
      const skip = new Set(clashes.map((clash) => clash.index));
      picked = picked.filter((_, index) => !skip.has(index));
      if (picked.length === 0) return 0;
    }
  }
  const onHost = picked.filter(({ candidate }) => candidate.path !== undefined).map(({ job }) => job);
  let added = 0;
  for (let start = 0; start < onHost.length; start += BATCH) {
    added += await addMany(deps, onHost.slice(start, start + BATCH));
  }
  for (const { candidate, job } of picked) {
    if (candidate.file && candidate.path === undefined)
      added += await stageAndAdd(deps, candidate.file, candidate.name, job);
  }
  return added;
}

async function addMany(deps: SubmitDeps, jobs: AddJobInput[]): Promise<number> {
  try {
    return (await deps.transport.invoke('jobs:add-many', { jobs })).length;
  } catch (error) {
    const problem = toTransportError(error, 'Adding the files failed');
    const what = jobs.length === 1 ? 'The file was not added' : `None of the ${jobs.length} files was added`;
    // 'exists' (a reply path in use, a saved file in the way) is plain already: say what it cost.
    deps.ui
      .getState()
      .notify(problem.code === 'exists' ? `${what}: ${problem.message}` : problem.message, problem.hint);
    return 0;
  }
}

async function stageAndAdd(deps: SubmitDeps, file: File, name: string, job: AddJobInput): Promise<number> {
  const { ui, transport } = deps;
  const info = deps.host.getState().appInfo;
  if (info && info.maxStageBytes > 0 && file.size > info.maxStageBytes) {
    ui.getState().notify(
      `“${name}” (${formatBytes(file.size)}) is larger than the host accepts from a browser (${formatBytes(info.maxStageBytes)}).`,
      'Copy it to the host and type its path instead.',
    );
    return 0;
  }
  const key = `stage-${++stagingKey}`;
  const progress = (sent: number) => ui.getState().stagingProgress({ key, name, sent, total: file.size });
  progress(0);
  try {
    const staged = await transport.stageFile(file, progress);
    return addMany(deps, [{ ...job, filePath: staged.stagedPath }]);
  } catch (error) {
    const problem = toTransportError(error, `Sending “${name}” to the host failed`);
    ui.getState().notify(`“${name}” was not added: ${problem.message}`, problem.hint);
    return 0;
  } finally {
    ui.getState().stagingDone(key);
  }
}

/** One notice for everything a drop or a folder left out, naming a few and why. */
export function skippedNotice(skipped: ReadonlyArray<{ relativePath: string; reason: string }>): {
  message: string;
  hint?: string;
} {
  const count = skipped.length;
  const examples = skipped
    .slice(0, 3)
    .map((entry) => `“${entry.relativePath}” (${entry.reason})`)
    .join(', ');
  return {
    message: `${count === 1 ? '1 item was' : `${count} items were`} left out: ${examples}${count > 3 ? ', …' : ''}.`,
    hint: 'Only ordinary files that can be read are uploaded; links, sockets and devices are not.',
  };
}
