import { formatBytes } from '../../shared/format.js';
import type { QueueSummary } from './job-tally.js';

export type TrayAction =
  | 'show'
  | 'suspend-all'
  | 'resume-all'
  | 'quit'
  | 'toggle-notify'
  | 'toggle-close-to-tray';

export interface TrayItem {
  id: string;
  label: string;
  action?: TrayAction;
  enabled: boolean;
  /** A checkbox item when set. */
  checked?: boolean;
  /** The preference a toggle item switches. */
  preference?: string;
}

export interface TrayPreferences {
  notify: { finished: boolean; failed: boolean; replyReady: boolean };
  closeToTray: boolean;
}

export interface TrayModel {
  tooltip: string;
  items: TrayItem[];
}

/** Overall progress of the pending jobs, 0..1; undefined when nothing is left to send. */
export function overallFraction(summary: QueueSummary): number | undefined {
  if (summary.pending === 0) return undefined;
  if (summary.bytesTotal <= 0) return 0;
  return Math.min(1, summary.bytesAcked / summary.bytesTotal);
}

/** One line for the tooltip and the menu's header: how the queue is doing. */
export function statusLine(summary: QueueSummary): string {
  const fraction = overallFraction(summary);
  const parts: string[] = [];
  if (fraction !== undefined) {
    parts.push(
      `${Math.floor(fraction * 100)}% of ${formatBytes(summary.bytesTotal)}, ${summary.pending} ${plural(summary.pending, 'upload')} to go`,
    );
  } else {
    parts.push('No uploads waiting');
  }
  if (summary.suspended > 0) parts.push(`${summary.suspended} suspended`);
  if (summary.failed > 0) parts.push(`${summary.failed} failed`);
  return parts.join(', ');
}

/** The tray menu as data: Electron's Menu is built from it in one thin function. */
export function trayModel(summary: QueueSummary, prefs: TrayPreferences): TrayModel {
  const line = statusLine(summary);
  const toggle = (preference: string, label: string, checked: boolean): TrayItem => ({
    id: `pref:${preference}`,
    label,
    action: preference === 'closeToTray' ? 'toggle-close-to-tray' : 'toggle-notify',
    enabled: true,
    checked,
    preference,
  });
  return {
    tooltip: `BITS Uploader: ${line}`,
    items: [
      { id: 'status', label: line, enabled: false },
      { id: 'separator-1', label: '-', enabled: false },
      { id: 'show', label: 'Show BITS Uploader', action: 'show', enabled: true },
      { id: 'suspend-all', label: 'Suspend all', action: 'suspend-all', enabled: summary.pending > 0 },
      {
        id: 'resume-all',
        label: 'Resume all',
        action: 'resume-all',
        enabled: summary.suspended > 0 || summary.failed > 0,
      },
      { id: 'separator-2', label: '-', enabled: false },
      toggle('notify.finished', 'Notify when uploads finish', prefs.notify.finished),
      toggle('notify.failed', 'Notify when uploads fail', prefs.notify.failed),
      toggle('notify.replyReady', 'Notify when replies arrive', prefs.notify.replyReady),
      toggle('closeToTray', 'Keep running in the tray when the window closes', prefs.closeToTray),
      { id: 'separator-3', label: '-', enabled: false },
      { id: 'quit', label: 'Quit', action: 'quit', enabled: true },
    ],
  };
}

export type TaskbarProgress = {
  value: number;
  mode: 'none' | 'normal' | 'paused' | 'error' | 'indeterminate';
};

/** The taskbar / dock progress (BrowserWindow.setProgressBar): -1 removes it. */
export function taskbarProgress(summary: QueueSummary): TaskbarProgress {
  const fraction = overallFraction(summary);
  if (fraction === undefined) return { value: -1, mode: 'none' };
  if (summary.bytesTotal <= 0) return { value: 2, mode: 'indeterminate' };
  // Pending but nothing moving: every job waits for a retry or a slot.
  const mode = summary.transferring > 0 ? 'normal' : 'paused';
  return { value: fraction, mode };
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
