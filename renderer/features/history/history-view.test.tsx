import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/jobs.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { makeJob } from '../../testing/fake-bridge.js';
import { renderWithHost } from '../../testing/render-app.js';
import { historyJobs, historyTotals } from './history-filter.js';
import { HistoryView } from './history-view.js';

afterEach(cleanup);

// jsdom lays nothing out: give the list's scroller a height so the virtualizer has rows in view.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 720 });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

const MIB = 1024 * 1024;
const error = {
  message: 'The server refused the upload',
  code: '0x80190193',
  context: 5,
  classification: 'fatal' as const,
  phase: 'upload' as const,
  at: 5,
};

function sample(): Job[] {
  return [
    makeJob({
      fileName: 'old.zip',
      state: 'acknowledged',
      bytesAcked: 2 * MIB,
      bytesTotal: 2 * MIB,
      completedAt: 1_000,
    }),
    makeJob({
      fileName: 'new.log',
      state: 'acknowledged',
      bytesAcked: 3 * MIB,
      bytesTotal: 3 * MIB,
      completedAt: 9_000,
    }),
    makeJob({
      fileName: 'dropped.iso',
      state: 'cancelled',
      bytesAcked: MIB,
      bytesTotal: 8 * MIB,
      updatedAt: 5_000,
      error,
      url: 'https://other.example.net/in/dropped.iso',
    }),
    makeJob({ fileName: 'running.bin', state: 'transferring' }),
  ];
}

const names = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.getAttribute('aria-label'));

describe('the History view', () => {
  it('lists finished and cancelled jobs, newest first, with totals', async () => {
    await renderWithHost(<HistoryView />, { jobs: sample() });
    await screen.findByRole('grid', { name: 'Finished uploads' });
    expect(names()).toEqual(['new.log, Done', 'dropped.iso, Cancelled', 'old.zip, Done']);
    const totals = screen.getByText(/3 uploads/).closest('p')!;
    expect(totals.textContent).toContain('6.0 MiB sent');
    expect(totals.textContent).toContain('2 done');
    expect(totals.textContent).toContain('1 cancelled');
    expect(totals.textContent).toContain('1 met an error');
  });

  it('filters by result and searches by name or destination', async () => {
    await renderWithHost(<HistoryView />, { jobs: sample() });
    const user = userEvent.setup();
    await screen.findByRole('grid', { name: 'Finished uploads' });
    await user.click(screen.getByRole('radio', { name: 'Cancelled' }));
    expect(names()).toEqual(['dropped.iso, Cancelled']);
    await user.click(screen.getByRole('radio', { name: 'Done' }));
    expect(names()).toEqual(['new.log, Done', 'old.zip, Done']);
    expect(screen.getByText(/2 uploads/).closest('p')!.textContent).toContain('5.0 MiB sent');
    await user.click(screen.getByRole('radio', { name: 'All' }));
    await user.type(screen.getByLabelText('Search history'), 'other.example');
    expect(names()).toEqual(['dropped.iso, Cancelled']);
    await user.clear(screen.getByLabelText('Search history'));
    await user.type(screen.getByLabelText('Search history'), 'nothing-like-it');
    expect(screen.getByText('Nothing in the history matches “nothing-like-it”.')).toBeTruthy();
  });

  it('"Clear finished" asks, naming the count, and then removes them; keeping them sends nothing', async () => {
    const jobs = sample();
    const { bridge } = await renderWithHost(
      <>
        <HistoryView />
        <ConfirmDialog />
      </>,
      { jobs },
    );
    bridge.handlers.set('jobs:remove-finished', () => ({ removed: [] }));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Clear finished' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('3 finished uploads leave the history');
    await user.click(within(dialog).getByRole('button', { name: 'Keep them' }));
    expect(bridge.callsTo('jobs:remove-finished')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Clear finished' }));
    await user.click(await screen.findByRole('button', { name: 'Clear 3 finished' }));
    expect(bridge.callsTo('jobs:remove-finished')).toEqual([{}]);
    // The host's answer arrives as an event: the history empties, the running job stays in the queue.
    const finished = jobs.filter((job) => job.state !== 'transferring').map((job) => job.id);
    await act(async () => {
      bridge.push({ kind: 'event', seq: 1, event: { type: 'jobs-removed', ids: finished } });
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(screen.getByRole('heading', { name: 'Nothing finished yet' })).toBeTruthy();
  });

  it('removes one job, and says so when the history empties', async () => {
    const jobs = [makeJob({ fileName: 'only.zip', state: 'acknowledged', completedAt: 5 })];
    const { bridge } = await renderWithHost(<HistoryView />, { jobs });
    bridge.handlers.set('jobs:remove', () => ({ removed: [jobs[0]!.id] }));
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Remove only.zip' }));
    expect(bridge.callsTo('jobs:remove')).toEqual([{ ids: [jobs[0]!.id] }]);
    await act(async () => {
      bridge.push({ kind: 'event', seq: 1, event: { type: 'jobs-removed', ids: [jobs[0]!.id] } });
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(screen.getByRole('heading', { name: 'Nothing finished yet' })).toBeTruthy();
  });

  it('keeps only the rows in view of a long history in the DOM', async () => {
    const jobs = Array.from({ length: 5_000 }, (_, i) =>
      makeJob({ fileName: `f-${i}.bin`, state: 'acknowledged', completedAt: i }),
    );
    await renderWithHost(<HistoryView />, { jobs });
    const grid = await screen.findByRole('grid', { name: 'Finished uploads' });
    expect(grid.getAttribute('aria-rowcount')).toBe('5001');
    expect(within(grid).getAllByRole('row').length).toBeLessThan(40);
  });
});

describe('history totals', () => {
  it('add up what the servers acknowledged and count the jobs that met an error', () => {
    const jobs = historyJobs(Object.fromEntries(sample().map((job) => [job.id, job])), {
      state: 'all',
      search: '',
    });
    expect(historyTotals(jobs)).toEqual({ count: 3, done: 2, cancelled: 1, bytesSent: 6 * MIB, failures: 1 });
  });
});

describe('a finished upload-reply job in the history', () => {
  it('opens its reply (marking it read) and stays ready for the next click', async () => {
    const job = makeJob({
      fileName: 'with-reply.zip',
      type: 'upload-reply',
      state: 'acknowledged',
      replyPath: '/data/replies/r.xml',
      completedAt: 5,
    });
    const { bridge, stores } = await renderWithHost(<HistoryView />, { jobs: [job] });
    const user = userEvent.setup();
    const open = await screen.findByRole('button', { name: 'Open reply with-reply.zip' });
    await user.click(open);
    expect(bridge.callsTo('replies:open')).toEqual([{ jobId: job.id }]);
    expect(stores.replies.getState().read.has(job.id)).toBe(true);
    expect((open as HTMLButtonElement).disabled).toBe(false);
  });
});
