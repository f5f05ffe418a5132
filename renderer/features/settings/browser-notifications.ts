import { useEffect } from 'react';
import type { AppPreferences, Job } from '../../../shared/jobs.js';
import { useStores } from '../../stores/app-stores.js';
import { hostOf } from '../queue/columns.js';

export interface NotificationText {
  title: string;
  body: string;
}

/**
 * What to tell the user about jobs that changed from `before` to `after`: uploads that finished
 * (or whose reply is ready) and uploads that failed, as the preferences allow; one notification
 * for a burst. Jobs first seen in `after` are news only when `newJobsAreNews` (they came from the
 * event stream: added and ended within one batch, as an upload the server refuses at once);
 * those a list (snapshot or preview) brings in ended before this page was looking.
 */
export function notificationFor(
  before: Readonly<Record<string, Job>>,
  after: Readonly<Record<string, Job>>,
  prefs: AppPreferences,
  newJobsAreNews = false,
): NotificationText | undefined {
  const finished: Job[] = [];
  const replies: Job[] = [];
  const failed: Job[] = [];
  for (const job of Object.values(after)) {
    const old = before[job.id];
    if (old ? old.state === job.state : !newJobsAreNews) continue;
    if (job.state === 'acknowledged') (job.type === 'upload-reply' ? replies : finished).push(job);
    else if (job.state === 'error') failed.push(job);
  }
  const parts: string[] = [];
  const names: Job[] = [];
  if (prefs.notifyFinished && finished.length > 0) {
    parts.push(`${finished.length} ${finished.length === 1 ? 'upload' : 'uploads'} finished`);
    names.push(...finished);
  }
  if (prefs.notifyReplyReady && replies.length > 0) {
    parts.push(`${replies.length} ${replies.length === 1 ? 'reply is' : 'replies are'} ready`);
    names.push(...replies);
  }
  if (prefs.notifyFailed && failed.length > 0) {
    parts.push(`${failed.length} ${failed.length === 1 ? 'upload' : 'uploads'} failed`);
    names.push(...failed);
  }
  if (parts.length === 0) return undefined;
  const only = names.length === 1 ? names[0] : undefined;
  if (only?.state === 'error') {
    return { title: 'Upload failed', body: `${only.fileName}: ${only.error?.message ?? 'see its details'}` };
  }
  if (only?.type === 'upload-reply') {
    return { title: 'Reply ready', body: `${only.fileName}: the reply is in the Replies view` };
  }
  if (only) return { title: 'Upload finished', body: `${only.fileName} went to ${hostOf(only.url)}` };
  return { title: 'BITS Uploader', body: parts.join(' · ') };
}

/**
 * In a browser (serve), the page tells the user about finished and failed uploads with the
 * Notification API once they have allowed it, while the tab is in the background. The desktop
 * app's notifications come from main instead.
 */
export function useBrowserNotifications(): void {
  const { jobs, host } = useStores();
  useEffect(() => {
    if (typeof Notification === 'undefined') return;
    let previous = jobs.getState();
    return jobs.subscribe((state) => {
      const before = previous;
      previous = state;
      if (before.byId === state.byId) return;
      const { appInfo, settings } = host.getState();
      if (appInfo?.hostKind !== 'serve' || !settings || Notification.permission !== 'granted') return;
      if (!document.hidden) return;
      const text = notificationFor(before.byId, state.byId, settings.app, before.lists === state.lists);
      if (text) new Notification(text.title, { body: text.body, tag: 'bits-uploader' });
    });
  }, [jobs, host]);
}
