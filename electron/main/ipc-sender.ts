import { originOf } from './app-origin.js';

/** What main knows about the frame behind an IPC message (from event.senderFrame / event.sender). */
export interface SenderInfo {
  /** webContents id of the sender. */
  contentsId: number;
  /** URL of the sending frame; undefined when the frame is gone (navigated or destroyed). */
  frameUrl: string | undefined;
  /** True when the sending frame is the top-level frame of its page. */
  isMainFrame: boolean;
}

/**
 * Why an IPC message must be refused, or undefined when it comes from the app: one of our own
 * windows, its main frame (not an iframe), showing the app's origin.
 */
export function senderProblem(
  sender: SenderInfo,
  appOrigin: string,
  isOwnWindow: (contentsId: number) => boolean,
): string | undefined {
  if (!isOwnWindow(sender.contentsId)) return 'it does not come from a window of the app';
  if (!sender.isMainFrame) return 'it comes from a sub-frame';
  if (sender.frameUrl === undefined) return 'its frame is gone';
  const origin = originOf(sender.frameUrl);
  if (origin === undefined || origin !== appOrigin.toLowerCase()) {
    return `it comes from ${origin ?? 'a page without an origin'}, not from the app`;
  }
  return undefined;
}
