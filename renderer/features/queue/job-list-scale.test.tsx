import { act, cleanup, fireEvent, screen } from '@testing-library/react';
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

/** Moves the list's scroller (jsdom has no scrolling of its own) and lets the virtualizer see it. */
function scrollListTo(top: number) {
  const scroller = document.querySelector('.job-grid__body') as HTMLElement;
  Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: top });
  act(() => {
    scroller.dispatchEvent(new Event('scroll'));
  });
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

  it('a page scrolled into view is drawn in the rows the last page left, and names its own jobs', async () => {
    const jobs = Array.from({ length: 1_000 }, (_, i) =>
      makeJob({ fileName: `file-${i}.bin`, state: i % 2 ? 'suspended' : 'queued', queueOrder: i }),
    );
    await renderWithHost(<JobList />, { jobs });
    await screen.findByRole('row', { name: 'file-0.bin, Queued' });
    // Away from the top first, so both pages have the same rows around them (the overscan).
    scrollListTo(36 * 100);
    await screen.findByRole('row', { name: 'file-100.bin, Queued' });
    const rowsBefore = new Set(document.querySelectorAll('.job-grid__body [role="row"]'));
    scrollListTo(36 * 500);
    const recycled = await screen.findByRole('row', { name: 'file-500.bin, Queued' });
    // Built once, drawn again: every row of the new page is a row of the old one.
    const rowsAfter = [...document.querySelectorAll('.job-grid__body [role="row"]')];
    expect(rowsAfter.length).toBeGreaterThan(10);
    for (const row of rowsAfter) expect(rowsBefore.has(row)).toBe(true);
    expect(rowsBefore.has(recycled)).toBe(true);
    expect(recycled.id).toBe(`job-row-${jobs[500]!.id}`);
    expect(screen.getByRole('row', { name: 'file-501.bin, Suspended' })).toBeDefined();
    expect(screen.queryByRole('row', { name: /^file-100\.bin/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Resume file-501.bin' })).toBeDefined();
  });

  it('a page jump draws the rows in view only; a slow scroll draws three beyond each edge again', async () => {
    const jobs = Array.from({ length: 1_000 }, (_, i) =>
      makeJob({ fileName: `file-${i}.bin`, state: 'queued', queueOrder: i }),
    );
    await renderWithHost(<JobList />, { jobs });
    await screen.findByRole('row', { name: 'file-0.bin, Queued' });
    const drawn = () =>
      [...document.querySelectorAll('.job-grid__body [role="row"][aria-rowindex]')]
        .map((row) => Number(row.getAttribute('aria-rowindex')) - 2)
        .sort((a, b) => a - b);
    // The scroller is 720 px high: rows of 36 px put 20 of them in view, and one more in part.
    scrollListTo(36 * 500);
    await screen.findByRole('row', { name: 'file-500.bin, Queued' });
    expect(drawn()[0]).toBe(500);
    expect(drawn().at(-1)).toBeLessThanOrEqual(520);
    scrollListTo(36 * 502);
    await screen.findByRole('row', { name: 'file-499.bin, Queued' });
    expect(drawn()[0]).toBe(499);
    expect(drawn().at(-1)).toBeGreaterThanOrEqual(524);
  });

  it('a row whose button has the focus is not handed to the job scrolled in', async () => {
    const jobs = Array.from({ length: 1_000 }, (_, i) =>
      makeJob({ fileName: `file-${i}.bin`, state: 'queued', queueOrder: i }),
    );
    await renderWithHost(<JobList />, { jobs });
    const cancel = await screen.findByRole('button', { name: 'Cancel file-0.bin' });
    cancel.focus();
    const scroller = document.querySelector('.job-grid__body') as HTMLElement;
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 36 * 500 });
    act(() => {
      scroller.dispatchEvent(new Event('scroll'));
    });
    await screen.findByRole('row', { name: 'file-500.bin, Queued' });
    // The focused button is either gone with its row or still names its own job, never another's.
    if (cancel.isConnected) expect(cancel.getAttribute('aria-label')).toBe('Cancel file-0.bin');
    for (const button of screen.getAllByRole('button', { name: /^Cancel / }))
      expect(button === cancel).toBe(false);
  });

  it('an action still running for a job that left the view does not hold up the job drawn in its row', async () => {
    const jobs = Array.from({ length: 1_000 }, (_, i) =>
      makeJob({ fileName: `file-${i}.bin`, state: 'suspended', queueOrder: i }),
    );
    let release = () => {};
    await renderWithHost(<JobList />, {
      jobs,
      handlers: { 'jobs:resume': () => new Promise<void>((resolve) => (release = resolve)) },
    });
    const scroller = document.querySelector('.job-grid__body') as HTMLElement;
    const scrollTo = async (top: number, name: string) => {
      Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: top });
      act(() => {
        scroller.dispatchEvent(new Event('scroll'));
      });
      await screen.findByRole('row', { name });
    };
    await scrollTo(36 * 100, 'file-100.bin, Suspended');
    // A click without focus (a pointer click moves no focus out of the grid in the app either).
    fireEvent.click(screen.getByRole('button', { name: 'Resume file-100.bin' }));
    expect(screen.getByRole('button', { name: 'Resume file-100.bin' })).toHaveProperty('disabled', true);
    await scrollTo(36 * 500, 'file-500.bin, Suspended');
    for (const button of screen.getAllByRole('button', { name: /^Resume / }))
      expect(button).toHaveProperty('disabled', false);
    await act(async () => release());
  });
});
