import type { Capabilities } from '../../../shared/contract/host-api.js';
import { FINAL_STATES } from '../../../shared/job-states.js';
import type { Job } from '../../../shared/jobs.js';
import type { Transport } from '../../lib/transport/transport.js';

export type JobAction =
  | 'suspend'
  | 'resume'
  | 'retry'
  | 'complete'
  | 'cancel'
  | 'remove'
  | 'open-reply'
  | 'download-reply';

/** Button text: each begins with its verb (the accessible name adds the file's name). */
export const ACTION_LABELS: Record<JobAction, string> = {
  suspend: 'Suspend',
  resume: 'Resume',
  retry: 'Retry',
  complete: 'Complete',
  cancel: 'Cancel',
  remove: 'Remove',
  'open-reply': 'Open reply',
  'download-reply': 'Download reply',
};

/** Each action's icon, the same in every list (queue, history). */
export const ACTION_ICONS = {
  suspend: 'pause',
  resume: 'play',
  retry: 'retry',
  complete: 'check',
  cancel: 'x',
  remove: 'trash',
  'open-reply': 'open',
  'download-reply': 'download',
} as const satisfies Record<JobAction, string>;

/** What a job offers in its state (job-states.ts), and what the host can do (app:info). */
export function actionsFor(job: Job, capabilities: Capabilities | undefined): JobAction[] {
  const actions: JobAction[] = [];
  switch (job.state) {
    case 'queued':
    case 'connecting':
    case 'transferring':
      actions.push('suspend');
      break;
    case 'transient-error':
      actions.push('retry', 'suspend');
      break;
    case 'error':
      actions.push('retry');
      break;
    case 'suspended':
      actions.push('resume');
      break;
    case 'transferred':
      actions.push('complete');
      break;
  }
  if (!FINAL_STATES.has(job.state)) actions.push('cancel');
  if (job.type === 'upload-reply' && job.state === 'acknowledged' && job.replyPath) {
    if (capabilities?.canOpenFiles) actions.push('open-reply');
    else if (capabilities?.canDownloadReplies) actions.push('download-reply');
  }
  if (FINAL_STATES.has(job.state)) actions.push('remove');
  return actions;
}

/** Runs an action through the transport; rejects with a TransportError. */
export async function runAction(transport: Transport, job: Job, action: JobAction): Promise<void> {
  switch (action) {
    case 'suspend':
    case 'resume':
    case 'retry':
    case 'complete':
    case 'cancel':
      await transport.invoke(`jobs:${action}`, { id: job.id });
      return;
    case 'remove':
      await transport.invoke('jobs:remove', { ids: [job.id] });
      return;
    case 'open-reply':
      await transport.invoke('replies:open', { jobId: job.id });
      return;
    case 'download-reply': {
      const { fileName, blob } = await transport.downloadReply(job.id);
      saveBlob(blob, fileName);
      return;
    }
  }
}

/** The browser's own "save file": a temporary object URL on a link with a download name. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled: revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
