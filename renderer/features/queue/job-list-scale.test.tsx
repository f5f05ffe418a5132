import { act, cleanup, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/jobs.js';
import { makeJob } from '../../testing/fake-bridge.js';
import { renderWithHost } from '../../testing/render-app.js';
import { JobList } from './job-list.js';

afterEach(cleanup);

// jsdom lays nothing out: give the list's scroller a height so the virtualizer has rows in view.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 720 });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

/** Jobs whose id reads are counted: work per scroll frame must follow the rows in view, not the queue. */
function countingIds(jobs: Job[]) {
  const reads = { count: 0 };
  const byId: Record<string, Job> = {};
  for (const job of jobs) {
    const { id, ...rest } = job;
    const counted = { ...rest } as Job;
    Object.defineProperty(counted, 'id', {
      enumerable: true,
      get: () => {
        reads.count++;
        return id;
      },
    });
    byId[id] = counted;
  }
  return { byId, reads };
}

describe('JobList at scale', () => {
  it('a scroll through 10,000 jobs touches the rows in view, not every job', async () => {
    const jobs = Array.from({ length: 10_000 }, (_, i) =>
      makeJob({ fileName: `file-${i}.bin`, state: 'queued', queueOrder: i }),
    );
    const { stores } = await renderWithHost(<JobList />, { jobs });
    await screen.findByRole('row', { name: 'file-0.bin, Queued' });
    const { byId, reads } = countingIds(jobs);
    act(() => stores.jobs.setState({ byId }));
    const scroller = document.querySelector('.job-grid__body') as HTMLElement;
    for (const top of [36_000, 180_000, 359_000]) {
      reads.count = 0;
      Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: top });
      act(() => {
        scroller.dispatchEvent(new Event('scroll'));
      });
      await screen.findByRole('row', { name: `file-${Math.floor(top / 36)}.bin, Queued` });
      expect(reads.count).toBeLessThan(1_000);
    }
  });
});
