// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/jobs.js';
import { makeJob } from '../testing/fake-bridge.js';
import { renderWithHost } from '../testing/render-app.js';
import { StatusBar } from './status-bar.js';

afterEach(cleanup);

describe('StatusBar', () => {
  it('counts jobs by what the user cares about, suspended ones included', async () => {
    await renderWithHost(<StatusBar />, {
      jobs: [
        makeJob({ id: 'a', state: 'transferring' }),
        makeJob({ id: 'b', state: 'queued' }),
        makeJob({ id: 'c', state: 'suspended' }),
        makeJob({ id: 'd', state: 'suspended' }),
        makeJob({ id: 'e', state: 'error' }),
        makeJob({ id: 'f', state: 'acknowledged' }),
      ],
    });
    expect(screen.getByRole('contentinfo').textContent).toContain(
      '1 uploading · 1 queued · 2 suspended · 1 failed · 1 done',
    );
  });
});

describe('the status bar before the whole list is in', () => {
  it('says the queue is loading instead of counting a first screen of it', async () => {
    const { stores } = await renderWithHost(<StatusBar />, { jobs: [makeJob({ state: 'queued' })] });
    act(() => stores.jobs.setState({ complete: false }));
    expect(screen.getByRole('contentinfo').textContent).toContain('Loading the queue…');
    expect(screen.getByRole('contentinfo').textContent).not.toContain('queued');
    act(() => stores.jobs.setState({ complete: true }));
    expect(screen.getByRole('contentinfo').textContent).toContain('0 uploading · 1 queued');
  });
});

describe('the bandwidth limit in the status bar', () => {
  it('opens a popover of presets and a custom value, and changes the setting', async () => {
    const { bridge } = await renderWithHost(<StatusBar />);
    const user = userEvent.setup();
    const opener = screen.getByRole('button', { name: 'Change limit: none' });
    await user.click(opener);
    const popover = screen.getByRole('dialog', { name: 'Bandwidth limit' });
    expect(document.activeElement).toBe(within(popover).getByRole('radio', { name: 'No limit' }));
    await user.click(within(popover).getByRole('radio', { name: '1.0 MiB/s' }));
    expect(bridge.callsTo('settings:update')).toEqual([{ bandwidthLimitBps: 1024 * 1024 }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);

    await user.click(opener);
    await user.clear(screen.getByLabelText('Custom limit'));
    await user.type(screen.getByLabelText('Custom limit'), 'fast');
    await user.click(screen.getByRole('button', { name: 'Set limit' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter a number above 0, or pick “No limit”.');
    await user.clear(screen.getByLabelText('Custom limit'));
    await user.type(screen.getByLabelText('Custom limit'), '2.5');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Unit' }), 'MiB/s');
    await user.click(screen.getByRole('button', { name: 'Set limit' }));
    expect(bridge.callsTo('settings:update')[1]).toEqual({ bandwidthLimitBps: 2.5 * 1024 * 1024 });

    await user.click(opener);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('shows the limit the host has, as the settings change', async () => {
    const { stores } = await renderWithHost(<StatusBar />);
    act(() =>
      stores.host.setState({
        settings: { ...stores.host.getState().settings!, bandwidthLimitBps: 200 * 1024 },
      }),
    );
    expect(screen.getByRole('button', { name: 'Change limit: 200.0 KiB/s' })).toBeTruthy();
  });

  it('follows the schedule at the top of the hour', async () => {
    // Monday 2026-01-05, 08:59:30 local time; a rule for weekdays 09:00-17:00.
    vi.useFakeTimers({ now: new Date(2026, 0, 5, 8, 59, 30), shouldAdvanceTime: true });
    try {
      const { stores } = await renderWithHost(<StatusBar />);
      act(() =>
        stores.host.setState({
          settings: {
            ...DEFAULT_SETTINGS,
            bandwidthLimitBps: 512 * 1024,
            bandwidthSchedule: [
              { days: [1, 2, 3, 4, 5], fromHour: 9, toHour: 17, limitBps: 2 * 1024 * 1024 },
            ],
          },
        }),
      );
      expect(screen.getByRole('contentinfo').textContent).toContain('limit: 512.0 KiB/s');
      act(() => vi.advanceTimersByTime(31_000));
      expect(screen.getByRole('contentinfo').textContent).toContain('limit: 2.0 MiB/s (schedule)');
    } finally {
      vi.useRealTimers();
    }
  });
});
