import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../shared/jobs.js';
import { makeJob } from '../../testing/fake-bridge.js';
import { renderWithHost } from '../../testing/render-app.js';
import { DetailsPane } from './details-pane.js';

const forgot = {
  message: 'The server no longer knows the upload session.',
  code: '0x8020001F',
  context: 5,
  classification: 'transient' as const,
  phase: 'upload' as const,
  httpStatus: 500,
  at: Date.UTC(2026, 0, 1),
  evidence: { statusLine: 'HTTP/1.1 500 Internal Server Error', request: 'BITS_POST https://h/up/a.bin' },
};

function timeline(jobId: string, at: number): JobEvent[] {
  return [
    { id: 1, jobId, at, kind: 'state', state: 'queued', message: 'Added' },
    { id: 2, jobId, at: at + 1000, kind: 'state', state: 'transferring', message: 'Uploading' },
    {
      id: 3,
      jobId,
      at: at + 2000,
      kind: 'error',
      message: 'The server forgot the session',
      code: '0x8020001F',
    },
  ];
}

async function renderPane(jobs: ReturnType<typeof makeJob>[]) {
  const rendered = await renderWithHost(<DetailsPane />, { jobs });
  const gets: string[] = [];
  rendered.bridge.handlers.set('jobs:get', (payload) => {
    const { id } = payload as { id: string };
    gets.push(id);
    const job = rendered.stores.jobs.getState().byId[id];
    return job ? { job, events: timeline(id, job.createdAt) } : null;
  });
  return { ...rendered, gets };
}

describe('DetailsPane', () => {
  afterEach(cleanup);

  it('shows the focused job’s facts, its error in plain words over the raw codes, and the timeline', async () => {
    const job = makeJob({
      fileName: 'dump.dmp',
      filePath: '/home/ann/dump.dmp',
      url: 'https://intake.example.com/bits/dump.dmp',
      state: 'transient-error',
      error: forgot,
      sessionId: '{abc-123}',
      serverHost: 'node7',
      fragmentSize: 1024 * 1024,
      attempts: 2,
      bytesAcked: 0,
      bestAcked: 3 * 1024 * 1024,
      bytesResent: 512 * 1024,
      createdAt: Date.now() - 5 * 60_000,
    });
    const { stores } = await renderPane([job]);
    act(() => stores.selection.getState().select([job.id]));
    const pane = await screen.findByRole('complementary', { name: 'dump.dmp' });
    const summary = within(pane).getByText('The server forgot this upload session (0x8020001F).');
    const next = within(pane).getByText(/It starts again from the beginning\./);
    const raw = within(pane).getByText('HTTP status');
    // Plain words first, then the raw status and code beneath.
    expect(summary.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(next.compareDocumentPosition(raw) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(pane).getByText('BG_E_SESSION_NOT_FOUND')).toBeTruthy();
    expect(pane.textContent).toContain('/home/ann/dump.dmp');
    expect(pane.textContent).toContain('{abc-123}');
    expect(pane.textContent).toContain('intake.example.com (farm node node7)');
    expect(pane.textContent).toContain('1.0 MiB');
    expect(pane.textContent).toContain('512.0 KiB so far; 3.0 MiB lost by the server, being re-sent');
    expect(pane.textContent).toContain('2 in a row without progress');
    expect(within(pane).getAllByText('5 min ago')[0]!.closest('time')?.getAttribute('title')).toMatch(
      /\d{2}:\d{2}:\d{2}/,
    );
    const entries = await within(pane).findAllByRole('listitem');
    expect(entries.map((entry) => entry.textContent)).toEqual([
      expect.stringContaining('The server forgot the session'),
      expect.stringContaining('Uploading'),
      expect.stringContaining('Added'),
    ]);
  });

  it('asks for the timeline again when the job changes, not on a progress tick', async () => {
    const job = makeJob({ fileName: 'a.bin', state: 'transferring' });
    const { stores, bridge, gets } = await renderPane([job]);
    act(() => stores.selection.getState().select([job.id]));
    await screen.findAllByRole('listitem');
    expect(gets).toEqual([job.id]);
    const tick = (seq: number, acked: number) =>
      act(() => bridge.pushProgress(seq, job.id, { bytesAcked: acked, bytesTotal: job.bytesTotal }));
    tick(1, 100);
    tick(2, 200);
    await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(gets).toEqual([job.id]);
    act(() =>
      bridge.push({
        kind: 'event',
        seq: 3,
        event: { type: 'job-changed', job: { ...job, state: 'suspended', updatedAt: job.updatedAt + 1 } },
      }),
    );
    await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(gets).toEqual([job.id, job.id]);
  });

  it('when the server loses bytes mid-upload, says what is being re-sent and reads the timeline again', async () => {
    const MiB = 1024 * 1024;
    const job = makeJob({ fileName: 'lost.bin', state: 'transferring', bytesTotal: 8 * MiB });
    const { stores, bridge, gets } = await renderPane([job]);
    act(() => stores.selection.getState().select([job.id]));
    const pane = await screen.findByRole('complementary', { name: 'lost.bin' });
    await within(pane).findAllByRole('listitem');
    const tick = (seq: number, acked: number) =>
      act(() => bridge.pushProgress(seq, job.id, { bytesAcked: acked, bytesTotal: 8 * MiB, speedBps: MiB }));
    tick(1, 4 * MiB);
    await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
    tick(2, 0);
    await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(pane.textContent).toContain('4.0 MiB lost by the server, being re-sent');
    expect(gets).toEqual([job.id, job.id]);
  });

  it('closes with Escape or its Close button, and opens again for the next job', async () => {
    const a = makeJob({ fileName: 'a.bin' });
    const b = makeJob({ fileName: 'b.bin' });
    const { stores } = await renderPane([a, b]);
    act(() => stores.selection.getState().select([a.id]));
    const pane = await screen.findByRole('complementary', { name: 'a.bin' });
    await userEvent.click(within(pane).getByRole('button', { name: 'Copy diagnostics' }));
    pane.focus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('complementary')).toBeNull();
    expect(stores.ui.getState().detailsOpen).toBe(false);
    act(() => stores.selection.getState().select([b.id]));
    await userEvent.click(
      within(await screen.findByRole('complementary', { name: 'b.bin' })).getByRole('button', {
        name: 'Close details',
      }),
    );
    expect(screen.queryByRole('complementary')).toBeNull();
    act(() => stores.ui.getState().openDetails());
    expect(screen.getByRole('complementary', { name: 'b.bin' })).toBeTruthy();
  });

  it('sums up a multi-selection: count, total size and states', async () => {
    const jobs = [
      makeJob({ state: 'error', bytesTotal: 1024 * 1024 }),
      makeJob({ state: 'error', bytesTotal: 1024 * 1024 }),
      makeJob({ state: 'suspended', bytesTotal: 2 * 1024 * 1024 }),
    ];
    const { stores } = await renderPane(jobs);
    act(() => stores.selection.getState().select(jobs.map((job) => job.id)));
    const pane = await screen.findByRole('complementary', { name: '3 uploads selected' });
    expect(pane.textContent).toContain('4.0 MiB');
    expect(within(pane).getByText('2 failed')).toBeTruthy();
    expect(within(pane).getByText('1 suspended')).toBeTruthy();
  });

  it('Copy diagnostics puts the redacted text on the clipboard and says Copied', async () => {
    const job = makeJob({
      fileName: 'x.bin',
      state: 'error',
      headerNames: ['X-Tenant-Key'],
      error: {
        ...forgot,
        classification: 'fatal',
        evidence: { body: 'echo\r\nAuthorization: Basic c2VjcmV0\r\nX-Tenant-Key: t-42-secret' },
      },
    });
    const { stores } = await renderPane([job]);
    const user = userEvent.setup();
    act(() => stores.selection.getState().select([job.id]));
    const pane = await screen.findByRole('complementary', { name: 'x.bin' });
    await within(pane).findAllByRole('listitem');
    await user.click(within(pane).getByRole('button', { name: 'Copy diagnostics' }));
    expect(await within(pane).findByText('Copied')).toBeTruthy();
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain('BITS Uploader diagnostics');
    expect(copied).toContain('Timeline (3)');
    expect(copied).not.toContain('c2VjcmV0');
    expect(copied).not.toContain('t-42-secret');
  });
});
