// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
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

describe('the bandwidth limit in the status bar', () => {
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
