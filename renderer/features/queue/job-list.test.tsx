import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectionBanner } from '../../components/connection-banner.js';
import { LiveAnnouncer } from '../../components/live-announcer.js';
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

describe('JobList', () => {
  it('renders only the rows in view of 10,000 jobs, all paged in, with the grid counting every one', async () => {
    const jobs = Array.from({ length: 10_000 }, (_, i) =>
      makeJob({
        fileName: `file-${i}.bin`,
        state: 'queued',
        queueOrder: i,
        url: 'https://intake.example.com/bits/',
      }),
    );
    const { bridge } = await renderWithHost(<JobList />, { jobs });
    const grid = await screen.findByRole('grid', { name: 'Uploads' });
    await screen.findByRole('row', { name: 'file-0.bin, Queued' });
    expect(grid.getAttribute('aria-rowcount')).toBe('10001');
    const rows = within(grid).getAllByRole('row').length;
    // 720 px / 36 px = 20 in view, plus overscan and the head row: a few dozen, not 10,000.
    expect(rows).toBeGreaterThan(20);
    expect(rows).toBeLessThan(40);
    expect(screen.queryByRole('row', { name: /^file-9999\.bin/ })).toBeNull();
    const pages = bridge.calls
      .filter((c) => c.channel === 'jobs:list' && (c.payload as { sort: string }).sort === 'created')
      .map((c) => c.payload);
    expect(pages).toHaveLength(10);
    expect(pages.every((p) => (p as { limit: number }).limit <= 1000)).toBe(true);
  });

  it('rows are selected by click, ctrl-click, shift-click, arrows and Ctrl+A; a row button does not select', async () => {
    const jobs = ['a', 'b', 'c', 'd'].map((n, i) =>
      makeJob({ fileName: `${n}.bin`, state: 'suspended', queueOrder: i }),
    );
    await renderWithHost(<JobList />, { jobs });
    const user = userEvent.setup();
    const rowOf = (n: string) => screen.getByRole('row', { name: new RegExp(`^${n}\\.bin,`) });
    const selected = () =>
      screen
        .getAllByRole('row')
        .filter((r) => r.getAttribute('aria-selected') === 'true')
        .map((r) => r.getAttribute('aria-label')?.split(',')[0]);
    await screen.findByRole('row', { name: /^a\.bin,/ });
    await user.click(within(rowOf('b')).getByText('b.bin'));
    expect(selected()).toEqual(['b.bin']);
    await user.keyboard('{Control>}');
    await user.click(within(rowOf('d')).getByText('d.bin'));
    await user.keyboard('{/Control}');
    expect(selected()).toEqual(['b.bin', 'd.bin']);
    await user.keyboard('{Shift>}');
    await user.click(within(rowOf('a')).getByText('a.bin'));
    await user.keyboard('{/Shift}');
    expect(selected()).toEqual(['a.bin', 'b.bin', 'c.bin', 'd.bin']);
    await user.click(within(rowOf('c')).getByRole('button', { name: 'Resume c.bin' }));
    expect(selected()).toEqual(['a.bin', 'b.bin', 'c.bin', 'd.bin']);

    screen.getByRole('grid', { name: 'Uploads' }).focus();
    await user.click(within(rowOf('a')).getByText('a.bin'));
    await user.keyboard('{ArrowDown}');
    expect(selected()).toEqual(['b.bin']);
    await user.keyboard('{Shift>}{ArrowDown}{/Shift}');
    expect(selected()).toEqual(['b.bin', 'c.bin']);
    await user.keyboard('{Control>}a{/Control}');
    expect(selected()).toEqual(['a.bin', 'b.bin', 'c.bin', 'd.bin']);
  });

  it('Space suspends the selected jobs, and resumes them when all are suspended', async () => {
    const a = makeJob({ fileName: 'a.bin', state: 'queued', queueOrder: 0 });
    const b = makeJob({ fileName: 'b.bin', state: 'suspended', queueOrder: 1 });
    const c = makeJob({ fileName: 'c.bin', state: 'suspended', queueOrder: 2 });
    const { bridge } = await renderWithHost(<JobList />, { jobs: [a, b, c] });
    const user = userEvent.setup();
    await user.click(await screen.findByText('a.bin'));
    await user.keyboard('{Shift>}');
    await user.click(screen.getByText('b.bin'));
    await user.keyboard('{/Shift}');
    screen.getByRole('grid', { name: 'Uploads' }).focus();
    await user.keyboard(' ');
    await user.click(screen.getByText('c.bin'));
    screen.getByRole('grid', { name: 'Uploads' }).focus();
    await user.keyboard(' ');
    expect(
      bridge.calls.filter((call) => call.channel === 'jobs:suspend' || call.channel === 'jobs:resume'),
    ).toEqual([
      { channel: 'jobs:suspend', payload: { id: a.id } },
      { channel: 'jobs:resume', payload: { id: c.id } },
    ]);
  });

  it('a row shows acknowledged bytes, priority and destination host', async () => {
    const job = makeJob({
      fileName: 'a.bin',
      state: 'suspended',
      bytesTotal: 2048,
      bytesAcked: 1024,
      priority: 'high',
      url: 'https://intake.example.com:8443/bits/a.bin',
    });
    await renderWithHost(<JobList />, { jobs: [job] });
    const row = await screen.findByRole('row', { name: /^a\.bin, Suspended/ });
    expect(within(row).getByText('1.0 KiB')).toBeTruthy();
    expect(within(row).getByText('High')).toBeTruthy();
    expect(within(row).getByText('intake.example.com:8443')).toBeTruthy();
  });

  it('shows the designed empty state when there is nothing', async () => {
    await renderWithHost(<JobList />);
    expect(await screen.findByRole('heading', { name: 'No uploads yet' })).toBeTruthy();
    expect(screen.getByText(/Drop files anywhere on this window/)).toBeTruthy();
  });

  it('a row names the file and its state, with size, progress, speed and time left', async () => {
    const job = makeJob({ fileName: 'dump-0412.dmp', state: 'transferring', bytesTotal: 4 * 1024 ** 3 });
    const { bridge } = await renderWithHost(<JobList />, { jobs: [job] });
    const row = await screen.findByRole('row', { name: /^dump-0412\.dmp, Uploading/ });
    act(() =>
      bridge.pushProgress(1, job.id, {
        bytesAcked: 1024 ** 3,
        bytesTotal: 4 * 1024 ** 3,
        speedBps: 38 * 1024 ** 2,
        etaSeconds: 81,
      }),
    );
    await screen.findByText('38.0 MiB/s');
    expect(within(row).getByText('4.00 GiB')).toBeTruthy();
    expect(within(row).getByText('1 min 21 s left')).toBeTruthy();
    expect(within(row).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    expect(row.getAttribute('aria-label')).toBe('dump-0412.dmp, Uploading 25%');
  });

  it('a fragment still on its way shows as a lighter part of the bar, while the percent stays confirmed', async () => {
    const job = makeJob({ fileName: 'media.mov', state: 'transferring', bytesTotal: 100 });
    const { bridge } = await renderWithHost(<JobList />, { jobs: [job] });
    const row = await screen.findByRole('row', { name: /^media\.mov, Uploading/ });
    const tick = (bytesAcked: number, bytesInFlight: number, seq: number) =>
      act(() =>
        bridge.pushProgress(seq, job.id, { bytesAcked, bytesTotal: 100, bytesInFlight, speedBps: 10 }),
      );
    tick(0, 40, 1);
    const bar = within(row).getByRole('progressbar');
    await waitFor(() =>
      expect(bar.getAttribute('aria-valuetext')).toBe('0% confirmed by the server, 40% sent'),
    );
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    expect(within(row).getByText('0%')).toBeTruthy();
    // The server confirms the fragment: nothing is pending any more.
    tick(40, 0, 2);
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('40'));
    expect(bar.getAttribute('aria-valuetext')).toBeNull();
  });

  it('a row’s speed and time left change on the second’s beat, from the bytes really sent, not on every event', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const MiB = 1024 ** 2;
      const job = makeJob({ fileName: 'logs.tar', state: 'transferring', bytesTotal: 100 * MiB });
      const { bridge } = await renderWithHost(<JobList />, { jobs: [job] });
      const row = await screen.findByRole('row', { name: /^logs\.tar, Uploading/ });
      let seq = 0;
      const sent = (bytes: number, speedBps: number) =>
        act(() =>
          bridge.pushProgress(++seq, job.id, {
            bytesAcked: bytes,
            bytesTotal: 100 * MiB,
            speedBps,
            etaSeconds: 1,
          }),
        );
      // First seen: the engine's estimate, and the time left at it.
      sent(0, 2 * MiB);
      await within(row).findByText('2.0 MiB/s');
      expect(within(row).getByText('50 s left')).toBeTruthy();
      // The engine's next estimate is a burst; until the beat the row keeps what it showed.
      sent(MiB, 9 * MiB);
      expect(within(row).getByText('2.0 MiB/s')).toBeTruthy();
      await act(() => vi.advanceTimersByTimeAsync(1000));
      // 1 MiB in the second (a little more than a second on a slow machine: the fake clock runs
      // on with the real one): the 3 s average moves from 2 MiB/s part of the way down, never to 9.
      const speed = within(row).getByText(/MiB\/s$/).textContent!;
      expect(Number.parseFloat(speed)).toBeGreaterThan(1.2);
      expect(Number.parseFloat(speed)).toBeLessThan(2);
      expect(within(row).getByText(/ s left$/).textContent).not.toBe('50 s left');
    } finally {
      vi.useRealTimers();
    }
  });

  it('a failed job says why in one line, with Retry and Cancel', async () => {
    const job = makeJob({
      fileName: 'photo.raw',
      state: 'error',
      error: {
        message: 'The server refused: a file with this name exists',
        code: '0x80070050',
        context: 5,
        classification: 'fatal',
        phase: 'upload',
        at: 1,
      },
    });
    await renderWithHost(<JobList />, { jobs: [job] });
    const row = await screen.findByRole('row', { name: /^photo\.raw, Failed/ });
    expect(within(row).getByText('The server refused: a file with this name exists')).toBeTruthy();
    expect(
      within(row)
        .getAllByRole('button')
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual(['Retry photo.raw', 'Cancel photo.raw']);
  });

  it('each action button starts with its verb and calls its channel', async () => {
    const running = makeJob({ fileName: 'a.bin', state: 'transferring' });
    const suspended = makeJob({ fileName: 'b.bin', state: 'suspended' });
    const { bridge } = await renderWithHost(<JobList />, { jobs: [running, suspended] });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Suspend a.bin' }));
    await user.click(screen.getByRole('button', { name: 'Resume b.bin' }));
    await user.click(screen.getByRole('button', { name: 'Cancel a.bin' }));
    expect(bridge.calls.filter((c) => c.channel.startsWith('jobs:') && c.channel !== 'jobs:list')).toEqual([
      { channel: 'jobs:suspend', payload: { id: running.id } },
      { channel: 'jobs:resume', payload: { id: suspended.id } },
      { channel: 'jobs:cancel', payload: { id: running.id } },
    ]);
  });

  it('a finished upload-reply job opens its reply on the desktop, or downloads it where files cannot be opened', async () => {
    const job = makeJob({
      fileName: 'r.bin',
      type: 'upload-reply',
      state: 'acknowledged',
      replyPath: '/r/r.bin.reply',
    });
    const { bridge } = await renderWithHost(<JobList />, { jobs: [job] });
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Open reply r.bin' }));
    expect(bridge.callsTo('replies:open')).toEqual([{ jobId: job.id }]);
    cleanup();
    await renderWithHost(<JobList />, {
      jobs: [job],
      capabilities: { canOpenFiles: false, canDownloadReplies: true },
    });
    expect(await screen.findByRole('button', { name: 'Download reply r.bin' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Open reply/ })).toBeNull();
  });

  it('a refused action is explained, not swallowed', async () => {
    const job = makeJob({ fileName: 'c.bin', state: 'queued' });
    const { bridge, stores } = await renderWithHost(<JobList />, { jobs: [job] });
    bridge.handlers.set('jobs:suspend', () =>
      Promise.reject({ code: 'invalid-state', message: 'a job that is cancelled cannot be suspended' }),
    );
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Suspend c.bin' }));
    expect(stores.ui.getState().notices.map((n) => n.message)).toEqual([
      'Suspend “c.bin”: a job that is cancelled cannot be suspended',
    ]);
  });

  it('announces state changes in a live region', async () => {
    const job = makeJob({ fileName: 'd.bin', state: 'transferring' });
    const { bridge } = await renderWithHost(
      <>
        <JobList />
        <LiveAnnouncer />
      </>,
      { jobs: [job] },
    );
    await screen.findByRole('row', { name: /^d\.bin, Uploading/ });
    act(() =>
      bridge.push({
        kind: 'event',
        seq: 1,
        event: { type: 'job-changed', job: { ...job, state: 'acknowledged', updatedAt: job.updatedAt + 1 } },
      }),
    );
    expect((await screen.findByText('d.bin: done')).getAttribute('role')).toBe('status');
  });

  it('while the host is away, the window says so and the actions wait', async () => {
    const job = makeJob({ fileName: 'e.bin', state: 'transferring' });
    const { stores } = await renderWithHost(
      <>
        <ConnectionBanner />
        <JobList />
      </>,
      { jobs: [job] },
    );
    await screen.findByRole('row', { name: /^e\.bin/ });
    act(() => stores.host.setState({ connection: 'reconnecting' }));
    expect(screen.getByText('Disconnected, reconnecting…')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Suspend e.bin' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
