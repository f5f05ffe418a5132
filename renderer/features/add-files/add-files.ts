import { formatBytes } from '../../../shared/format.js';
import type { Transport } from '../../lib/transport/transport.js';
import { toTransportError } from '../../lib/transport/transport-error.js';
import type { HostStore } from '../../stores/host-store.js';
import type { UiStore } from '../../stores/ui-store.js';
import { baseName, planJobs } from './plan-jobs.js';

export interface FileAdder {
  /** Dropped or picked files: queued from their paths (desktop) or staged on the host first (browser). */
  addFiles(files: readonly File[]): Promise<void>;
  /** A path typed by the user, on the host's own disk. */
  addHostPath(path: string): Promise<boolean>;
}

let stagingKey = 0;

/** User actions that add work; every refusal becomes a notice that says what to do. */
export function createFileAdder(deps: { transport: Transport; ui: UiStore; host: HostStore }): FileAdder {
  const { transport, ui, host } = deps;
  const notify = (message: string, hint?: string) => ui.getState().notify(message, hint);

  async function queue(entries: Array<{ name: string; path: string }>): Promise<boolean> {
    const { destinationUrl, jobType } = ui.getState();
    const plan = planJobs(entries, destinationUrl, jobType);
    if (!plan.ok) {
      notify(plan.message, plan.hint);
      return false;
    }
    try {
      await transport.invoke('jobs:add-many', { jobs: plan.jobs });
      return true;
    } catch (error) {
      const problem = toTransportError(error, 'Adding the files failed');
      notify(problem.message, problem.hint);
      return false;
    }
  }

  async function stage(file: File): Promise<void> {
    const key = `stage-${++stagingKey}`;
    const progress = (sent: number) =>
      ui.getState().stagingProgress({ key, name: file.name, sent, total: file.size });
    progress(0);
    try {
      const staged = await transport.stageFile(file, progress);
      await queue([{ name: file.name, path: staged.stagedPath }]);
    } catch (error) {
      const problem = toTransportError(error, `Sending “${file.name}” to the host failed`);
      notify(`“${file.name}” was not added: ${problem.message}`, problem.hint);
    } finally {
      ui.getState().stagingDone(key);
    }
  }

  return {
    async addFiles(files) {
      if (files.length === 0) return;
      // Check the destination before anything is staged: a typo must not cost a 2 GB upload to the host.
      const check = planJobs(
        files.map((file) => ({ name: file.name, path: file.name })),
        ui.getState().destinationUrl,
        ui.getState().jobType,
      );
      if (!check.ok) {
        notify(check.message, check.hint);
        return;
      }
      const withPaths = files.map((file) => ({ file, path: transport.pathForFile(file) }));
      const local = withPaths.filter((entry) => entry.path !== '');
      if (local.length > 0) await queue(local.map(({ file, path }) => ({ name: file.name, path })));
      const browserOnly = withPaths.filter((entry) => entry.path === '').map((entry) => entry.file);
      if (browserOnly.length === 0) return;
      const info = host.getState().appInfo;
      if (!info?.capabilities.canStageUploads) {
        notify(
          `${browserOnly.length === 1 ? `“${browserOnly[0]!.name}”` : `${browserOnly.length} files`} could not be added: this host cannot take files from the browser.`,
          'Type the file’s path on the host instead.',
        );
        return;
      }
      for (const file of browserOnly) {
        if (info.maxStageBytes > 0 && file.size > info.maxStageBytes) {
          notify(
            `“${file.name}” (${formatBytes(file.size)}) is larger than the host accepts from a browser (${formatBytes(info.maxStageBytes)}).`,
            'Copy it to the host and type its path instead.',
          );
          continue;
        }
        await stage(file);
      }
    },
    async addHostPath(path) {
      const trimmed = path.trim();
      if (!trimmed) {
        notify('Type the path of a file on the host first.');
        return false;
      }
      return queue([{ name: baseName(trimmed), path: trimmed }]);
    },
  };
}
