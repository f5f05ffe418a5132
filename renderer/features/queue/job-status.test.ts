import { describe, expect, it } from 'vitest';
import { makeJob } from '../../testing/fake-bridge.js';
import { jobStatus, middleTruncate } from './job-status.js';

const lost = {
  message: 'connection lost',
  code: '0x80072EFE',
  context: 5,
  classification: 'transient' as const,
  phase: 'upload' as const,
  at: 0,
};

describe('jobStatus', () => {
  it('a job waiting to retry counts down and says why', () => {
    const job = makeJob({ state: 'transient-error', nextRetryAt: 10_000, error: lost });
    expect(jobStatus(job, undefined, 7_000)).toMatchObject({
      word: 'Retrying',
      detail: 'in 3 s: connection lost',
      tone: 'amber',
    });
    expect(jobStatus(job, undefined, 10_500).detail).toBe('connection lost');
  });

  it('a finished job says how long it took, not a countdown', () => {
    const job = makeJob({ state: 'acknowledged', createdAt: 0, completedAt: 41_000 });
    expect(JSON.stringify(jobStatus(job, undefined, 50_000))).toContain('took 41 s');
    expect(JSON.stringify(jobStatus(job, undefined, 50_000))).not.toContain('in 41 s');
  });

  it('every state has a word and an icon, never colour alone', () => {
    for (const state of [
      'queued',
      'connecting',
      'transferring',
      'suspended',
      'transient-error',
      'error',
      'transferred',
      'acknowledged',
      'cancelled',
    ] as const) {
      const status = jobStatus(makeJob({ state }), undefined, 0);
      expect(status.word.length).toBeGreaterThan(0);
      expect(status.icon.length).toBeGreaterThan(0);
    }
  });

  it('a finished zero-byte file reads 100%, and acknowledged bytes never go back for a stale tick', () => {
    expect(jobStatus(makeJob({ state: 'acknowledged', bytesTotal: 0 }), undefined, 0).percent).toBe(100);
    const job = makeJob({ state: 'transferring', bytesTotal: 100, bytesAcked: 60 });
    const stale = {
      phase: 'upload' as const,
      bytesAcked: 40,
      bytesTotal: 100,
      bytesInFlight: 0,
      speedBps: 1,
    };
    expect(jobStatus(job, stale, 0).percent).toBe(60);
  });

  it('bytes in flight give a sent percent above the confirmed one, but not while the reply comes down', () => {
    const job = makeJob({ state: 'transferring', bytesTotal: 200, bytesAcked: 50 });
    const tick = {
      phase: 'upload' as const,
      bytesAcked: 50,
      bytesTotal: 200,
      bytesInFlight: 70,
      speedBps: 1,
    };
    const sending = jobStatus(job, tick, 0);
    expect(sending.percent).toBe(25);
    expect(sending.sentPercent).toBe(60);
    expect(jobStatus(job, { ...tick, bytesInFlight: 0 }, 0).sentPercent).toBeUndefined();
    expect(jobStatus(job, { ...tick, phase: 'reply' }, 0).sentPercent).toBeUndefined();
    expect(jobStatus({ ...job, state: 'suspended' }, tick, 0).sentPercent).toBeUndefined();
  });

  it('long names keep their start and their extension', () => {
    const name = `dump-2026-04-12-${'x'.repeat(60)}-final.dmp`;
    const short = middleTruncate(name, 40);
    expect(short).toHaveLength(40);
    expect(short.startsWith('dump-2026-')).toBe(true);
    expect(short.endsWith('final.dmp')).toBe(true);
    expect(short).toContain('…');
  });

  it('a failed row gives its one-line reason in plain words, not the codes', () => {
    const job = makeJob({
      state: 'error',
      error: {
        message:
          'The file is larger than this server accepts (BITSMaximumUploadSize). BITS error 0x80200020.',
        code: '0x80200020',
        context: 5,
        classification: 'fatal',
        phase: 'upload',
        httpStatus: 500,
        at: 0,
      },
    });
    expect(jobStatus(job, undefined, 0).detail).toBe('The file is larger than this server accepts');
  });

  it('a job re-sending what the server lost says so instead of jumping back silently', () => {
    const job = makeJob({ state: 'transferring', bytesTotal: 8 * 1024 * 1024 });
    const progress = {
      phase: 'upload' as const,
      bytesAcked: 1024 * 1024,
      bytesTotal: 8 * 1024 * 1024,
      bytesInFlight: 0,
      speedBps: 1,
      resending: 3 * 1024 * 1024,
    };
    expect(jobStatus(job, progress, 0).detail).toBe('re-sending 3.0 MiB the server lost');
  });
});
