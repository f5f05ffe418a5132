import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RelativeTime } from './relative-time-view.js';
import { tickerListeners } from './ticker.js';

describe('RelativeTime', () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('many times on screen share one ticker, refresh as time passes, and stop it when gone', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 2, 12, 0, 0) });
    const start = Date.now();
    const view = render(
      <ul>
        {Array.from({ length: 50 }, (_, i) => (
          <li key={i}>
            <RelativeTime at={start + 3 * 60_000 + i} />
          </li>
        ))}
      </ul>,
    );
    const first = view.container.querySelector('time')!;
    expect(first.textContent).toBe('in 3 min');
    expect(first.getAttribute('dateTime')).toBe(new Date(start + 3 * 60_000).toISOString());
    expect(first.getAttribute('title')).toMatch(/2026/);
    expect(tickerListeners()).toBe(50);
    expect(vi.getTimerCount()).toBe(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2 * 60_000 + 1_000);
    });
    expect(first.textContent).toBe('in 59 s');
    view.unmount();
    expect(tickerListeners()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
