import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Job } from '../../../shared/jobs.js';
import { makeJob } from '../../testing/fake-bridge.js';
import { notificationFor } from './browser-notifications.js';
import { applyRememberedTheme } from './theme.js';

const prefs = DEFAULT_SETTINGS.app;
const byId = (jobs: Job[]) => Object.fromEntries(jobs.map((job) => [job.id, job]));

describe('browser notifications', () => {
  const running = makeJob({
    fileName: 'a.zip',
    state: 'transferring',
    url: 'https://intake.example.com/bits/a.zip',
  });
  const done = { ...running, state: 'acknowledged' as const };
  const failing = makeJob({ fileName: 'b.zip', state: 'transferring' });
  const failed = {
    ...failing,
    state: 'error' as const,
    error: {
      message: 'The server refused the upload',
      code: '0x80190193',
      context: 5,
      classification: 'fatal' as const,
      phase: 'upload' as const,
      at: 1,
    },
  };

  it('name the one job that finished or failed', () => {
    expect(notificationFor(byId([running]), byId([done]), prefs)).toEqual({
      title: 'Upload finished',
      body: 'a.zip went to intake.example.com',
    });
    expect(notificationFor(byId([failing]), byId([failed]), prefs)).toEqual({
      title: 'Upload failed',
      body: 'b.zip: The server refused the upload',
    });
  });

  it('sum up a burst, and follow the preferences', () => {
    expect(notificationFor(byId([running, failing]), byId([done, failed]), prefs)?.body).toBe(
      '1 upload finished · 1 upload failed',
    );
    expect(
      notificationFor(byId([running, failing]), byId([done, failed]), { ...prefs, notifyFinished: false }),
    ).toEqual({ title: 'Upload failed', body: 'b.zip: The server refused the upload' });
    expect(
      notificationFor(byId([running]), byId([done]), { ...prefs, notifyFinished: false }),
    ).toBeUndefined();
  });

  it('say nothing about jobs a snapshot brings in', () => {
    expect(notificationFor({}, byId([done, failed]), prefs)).toBeUndefined();
  });

  it('name a job the stream adds already failed (refused at once, within one batch)', () => {
    expect(notificationFor({}, byId([failed]), prefs, true)).toEqual({
      title: 'Upload failed',
      body: 'b.zip: The server refused the upload',
    });
    // Added and still queued is no news.
    expect(notificationFor({}, byId([{ ...failing, state: 'queued' }]), prefs, true)).toBeUndefined();
  });
});

describe('the remembered theme', () => {
  it('is applied before the host answers; "system" leaves the OS in charge', () => {
    const root = document.createElement('html');
    localStorage.setItem('bits-uploader.theme', 'dark');
    applyRememberedTheme(root, localStorage);
    expect(root.getAttribute('data-theme')).toBe('dark');
    const other = document.createElement('html');
    localStorage.setItem('bits-uploader.theme', 'system');
    applyRememberedTheme(other, localStorage);
    expect(other.hasAttribute('data-theme')).toBe(false);
    localStorage.clear();
  });
});
