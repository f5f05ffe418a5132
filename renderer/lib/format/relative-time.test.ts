import { describe, expect, it } from 'vitest';
import { formatExact, formatRelative } from './relative-time.js';

const now = Date.UTC(2026, 11, 2, 12, 0, 0);

describe('formatRelative', () => {
  it.each([
    [now + 3 * 60_000, 'in 3 min'],
    [now + 2_500, 'in 3 s'],
    [now + 400, 'now'],
    [now - 2 * 60_000 - 30_000, '2 min ago'],
    [now - 4_000, 'just now'],
    [now - 42_000, '42 s ago'],
    [now - 5 * 3600_000, '5 h ago'],
    [now + 26 * 3600_000, 'in 2 days'],
    [now - 30 * 3600_000, '1 day ago'],
  ])('%i reads “%s”', (at, text) => {
    expect(formatRelative(at, now)).toBe(text);
  });

  it('gives the exact time, seconds included, for the hover text', () => {
    expect(formatExact(Date.UTC(2026, 11, 2, 14, 3, 7), 'en-GB')).toMatch(/2 Dec 2026.*\d{2}:\d{2}:07/);
  });
});
