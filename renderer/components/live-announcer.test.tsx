import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeJob } from '../testing/fake-bridge.js';
import { renderWithHost } from '../testing/render-app.js';
import { announcements, COALESCE_MS, LiveAnnouncer, summarize } from './live-announcer.js';

const refused = {
  message: 'The server refused the upload (HTTP 403).',
  code: '0x80190193',
  context: 5,
  classification: 'fatal' as const,
  phase: 'upload' as const,
  httpStatus: 403,
  at: 0,
};

describe('summarize', () => {
  it('names a failure with its one-line reason', () => {
    const a = makeJob({ fileName: 'a.bin', state: 'transferring' });
    const changes = announcements({ [a.id]: a }, { [a.id]: { ...a, state: 'error', error: refused } });
    expect(summarize(changes)).toBe(
      'a.bin failed: The server refused the upload: access denied, or a file with this name exists',
    );
  });

  it('says a bulk action in one sentence, failures first, the latest word per file', () => {
    const changes = [
      ...Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, word: 'suspended' })),
      { name: 'g', word: 'uploading' },
      { name: 'g', word: 'done' },
      { name: 'h', word: 'failed', reason: 'The server is out of disk space' },
      { name: 'r1', word: 'removed' },
      { name: 'r2', word: 'removed' },
      { name: 'r3', word: 'removed' },
    ];
    expect(summarize(changes)).toBe(
      'h failed: The server is out of disk space. 12 uploads suspended. g: done. 3 uploads removed',
    );
  });
});

describe('LiveAnnouncer', () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('gathers a burst of changes into one announcement instead of a flood', async () => {
    const jobs = Array.from({ length: 5 }, (_, i) => makeJob({ fileName: `s${i}.bin`, state: 'queued' }));
    const { bridge } = await renderWithHost(<LiveAnnouncer />, { jobs });
    vi.useFakeTimers();
    const region = screen.getByRole('status');
    for (const [i, job] of jobs.entries()) {
      act(() =>
        bridge.push({
          kind: 'event',
          seq: i + 1,
          event: { type: 'job-changed', job: { ...job, state: 'suspended', updatedAt: job.updatedAt + 1 } },
        }),
      );
    }
    await act(async () => {
      await vi.advanceTimersByTimeAsync(COALESCE_MS - 1);
    });
    expect(region.textContent).toBe('');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1);
    });
    expect(region.textContent).toBe('5 uploads suspended');
    act(() => bridge.push({ kind: 'event', seq: 6, event: { type: 'jobs-removed', ids: [jobs[0]!.id] } }));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(COALESCE_MS);
    });
    expect(region.textContent).toBe('s0.bin: removed');
  });
});
