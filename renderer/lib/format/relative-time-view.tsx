import { formatExact, formatRelative } from './relative-time.js';
import { useTicker } from './ticker.js';

/** "2 min ago" in a <time> element with the exact value on hover; refreshed by the shared ticker. */
export function RelativeTime({ at, className }: { at: number; className?: string }) {
  const text = useTicker((now) => formatRelative(at, now));
  return (
    <time className={className} dateTime={new Date(at).toISOString()} title={formatExact(at)}>
      {text}
    </time>
  );
}
