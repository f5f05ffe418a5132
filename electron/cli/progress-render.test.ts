import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../shared/contract/core-api.js';
import {
  type ProgressView,
  phaseLabel,
  progressView,
  renderBar,
  renderProgressLine,
  renderRetryLine,
} from './progress-render.js';
import { makeJob } from './testing/fake-core.js';

const GiB = 1024 ** 3;
const view = (patch: Partial<ProgressView> = {}): ProgressView => ({
  label: 'Uploading',
  bytesAcked: 1.2 * GiB,
  bytesInFlight: 0,
  bytesTotal: 4 * GiB,
  speedBps: 12.3 * 1024 ** 2,
  etaSeconds: 233,
  ...patch,
});
const progress = (patch: Partial<ProgressEvent> = {}): ProgressEvent => ({
  type: 'progress',
  jobId: 'job-1',
  phase: 'upload',
  bytesAcked: 0,
  bytesTotal: 4096,
  bytesInFlight: 0,
  speedBps: 0,
  ...patch,
});

describe('renderProgressLine', () => {
  it('shows phase, bar, percent, sizes, speed and ETA', () => {
    const line = renderProgressLine(view(), 100);
    expect(line).toBe(
      `Uploading  ${'█'.repeat(9)}${'░'.repeat(21)}   30%  1.20 GiB / 4.00 GiB  12.3 MiB/s  ETA 3 min 53 s`,
    );
  });

  it('never fills the last column, dropping ETA, then speed, then the bar', () => {
    for (const columns of [20, 40, 50, 60, 70, 80, 120, 200]) {
      expect(renderProgressLine(view(), columns).length).toBeLessThanOrEqual(columns - 1);
    }
    expect(renderProgressLine(view(), 70)).not.toContain('ETA');
    expect(renderProgressLine(view(), 70)).toContain('MiB/s');
    expect(renderProgressLine(view(), 50)).not.toContain('MiB/s');
    expect(renderProgressLine(view(), 50)).toContain('█');
    expect(renderProgressLine(view(), 40)).not.toContain('█');
  });

  it('shows a finished zero-byte file as 100%', () => {
    const line = renderProgressLine(view({ label: 'Done', bytesAcked: 0, bytesTotal: 0, done: true }), 80);
    expect(line).toContain('100%');
    expect(line).toContain('0 B / 0 B');
    expect(line).not.toContain('░');
  });

  it('counts reply bytes while the reply downloads', () => {
    const line = renderProgressLine(
      view({
        label: 'Downloading reply',
        reply: { bytes: 512 * 1024, total: 1024 * 1024 },
        etaSeconds: undefined,
      }),
      100,
    );
    expect(line).toMatch(/^Downloading reply {2}█+░+ {3}50% {2}512\.0 KiB \/ 1\.0 MiB/);
  });

  it('shows only the byte count of a reply of unknown size', () => {
    const line = renderProgressLine(
      view({ label: 'Downloading reply', reply: { bytes: 2048 }, speedBps: 0 }),
      100,
    );
    expect(line).toBe('Downloading reply  2.0 KiB  ETA 3 min 53 s');
  });
});

describe('renderBar', () => {
  it('draws acknowledged, in-flight and remaining cells', () => {
    expect(renderBar(25, 25, 100, 8)).toBe('██▒▒░░░░');
    expect(renderBar(0, 0, 0, 4)).toBe('░░░░');
    expect(renderBar(0, 0, 0, 4, true)).toBe('████');
    expect(renderBar(100, 0, 100, 4)).toBe('████');
  });
});

describe('phases', () => {
  it('names each moment of a job', () => {
    const transferring = makeJob({ state: 'transferring', bytesTotal: 100, bytesAcked: 50 });
    expect(phaseLabel(makeJob({ state: 'queued' }))).toBe('Queued');
    expect(phaseLabel(makeJob({ state: 'connecting' }))).toBe('Connecting');
    expect(phaseLabel(transferring, progress({ bytesInFlight: 10 }))).toBe('Uploading');
    expect(phaseLabel(transferring, progress({ bytesInFlight: 50 }))).toBe('Finishing');
    expect(phaseLabel({ ...transferring, type: 'upload-reply' }, progress({ bytesInFlight: 50 }))).toBe(
      "Waiting for the server's reply",
    );
    expect(phaseLabel(transferring, progress({ phase: 'reply' }))).toBe('Downloading reply');
    expect(phaseLabel(makeJob({ state: 'acknowledged' }))).toBe('Done');
  });

  it('builds the view from the job and its latest progress', () => {
    const job = makeJob({ state: 'transferring', bytesAcked: 1024, bytesTotal: 4096 });
    expect(progressView(job, progress({ bytesInFlight: 512, speedBps: 900, etaSeconds: 3 }))).toEqual({
      label: 'Uploading',
      bytesAcked: 1024,
      bytesInFlight: 512,
      bytesTotal: 4096,
      speedBps: 900,
      etaSeconds: 3,
      reply: undefined,
      done: false,
    });
    const done = progressView({ ...job, state: 'acknowledged' }, progress({ speedBps: 900 }));
    expect(done).toMatchObject({ label: 'Done', bytesAcked: 4096, done: true, speedBps: undefined });
  });
});

describe('renderRetryLine', () => {
  it('counts down and keeps the reason on one line', () => {
    expect(renderRetryLine(12, 'Could not connect\nto the server.', 80)).toBe(
      'Retrying in 12 s: Could not connect to the server.',
    );
    expect(renderRetryLine(undefined, 'x', 80)).toBe('Retrying soon: x');
    expect(renderRetryLine(3, 'a'.repeat(200), 40)).toHaveLength(39);
  });
});
