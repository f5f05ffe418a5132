/**
 * Times as people say them: "in 3 min", "2 min ago", "just now"; the exact value goes on hover
 * (RelativeTime puts it in a <time> element's title and dateTime).
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `at` relative to `now` (both epoch ms). Rounds toward what the user expects: a countdown never reads 0 early. */
export function formatRelative(at: number, now: number): string {
  const diff = at - now;
  const ahead = diff > 0;
  const span = Math.abs(diff);
  if (!ahead && span < 10 * SECOND) return 'just now';
  if (ahead && span < SECOND) return 'now';
  const amount = spanText(span, ahead);
  return ahead ? `in ${amount}` : `${amount} ago`;
}

function spanText(span: number, ahead: boolean): string {
  // A countdown rounds up (never "in 0 s" while time remains); the past rounds down.
  const round = ahead ? Math.ceil : Math.floor;
  if (span < MINUTE) return `${round(span / SECOND)} s`;
  if (span < HOUR) return `${round(span / MINUTE)} min`;
  if (span < DAY) return `${round(span / HOUR)} h`;
  const days = round(span / DAY);
  return days === 1 ? '1 day' : `${days} days`;
}

/** The exact time, for the hover text: "2 Dec 2026, 14:03:07" in the user's locale and zone. */
export function formatExact(at: number, locale?: string): string {
  return new Date(at).toLocaleString(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
