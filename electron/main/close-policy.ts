import type { QueueSummary } from './job-tally.js';

export type CloseDecision = 'close' | 'hide' | 'ask';

/**
 * What closing the window does: while quitting it closes; otherwise it follows the user's
 * one-time answer (asked the first time), and without a tray there is nowhere to hide to.
 */
export function decideWindowClose(input: {
  quitting: boolean;
  closeToTray: 'ask' | 'tray' | 'quit';
  trayAvailable: boolean;
}): CloseDecision {
  if (input.quitting || !input.trayAvailable) return 'close';
  if (input.closeToTray === 'ask') return 'ask';
  return input.closeToTray === 'tray' ? 'hide' : 'close';
}

export const CLOSE_QUESTION = {
  message: 'Keep BITS Uploader running in the tray when its window closes?',
  detail:
    'Uploads carry on in the background and the tray icon brings the window back. You can change this in the tray menu.',
  buttons: ['Keep running in the tray', 'Quit when the window closes'],
} as const;

/** The close question's answer (button index) as the preference to remember. */
export function closeAnswer(button: number): 'tray' | 'quit' {
  return button === 0 ? 'tray' : 'quit';
}

export interface QuitQuestion {
  message: string;
  detail: string;
  buttons: [string, string];
}

/** Quitting while bytes move asks first; undefined when nothing is transferring. */
export function quitQuestion(summary: QueueSummary): QuitQuestion | undefined {
  if (summary.transferring === 0) return undefined;
  const n = summary.transferring;
  return {
    message: `${n} ${n === 1 ? 'upload is' : 'uploads are'} running. Quit anyway?`,
    detail:
      'Nothing is lost: they continue from where the server left off the next time BITS Uploader starts.',
    buttons: ['Quit', 'Keep uploading'],
  };
}
