/**
 * Human-readable numbers for progress displays (CLI, renderer, notifications). Pure: no I/O.
 * Sizes use binary units because that is what file managers on every platform agree with
 * for "4 GiB file" arithmetic, and the unit says so.
 */

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
const UNKNOWN = '—';

/** Decimals per unit: KiB/MiB need one, GiB and up two (10 MiB steps on a large upload). */
function decimalsFor(unitIndex: number): number {
  return unitIndex >= 2 ? 2 : 1;
}

/** "0 B", "512 B", "1.5 KiB", "12.3 MiB", "4.00 GiB". Exact bytes below 1 KiB. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return UNKNOWN;
  const sign = n < 0 ? '-' : '';
  let value = Math.abs(n);
  if (value < 1024) return `${sign}${Math.round(value)} B`;
  let unit = -1;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  let text = value.toFixed(decimalsFor(unit));
  // 1023.96 KiB rounds to "1024.0": show it as the next unit instead.
  if (Number(text) >= 1024 && unit < UNITS.length - 1) {
    unit++;
    text = (value / 1024).toFixed(decimalsFor(unit));
  }
  return `${sign}${text} ${UNITS[unit]}`;
}

/** "12.3 MiB/s"; an unknown or negative speed is shown as a dash. */
export function formatSpeed(bytesPerSecond: number | undefined): string {
  if (bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) {
    return UNKNOWN;
  }
  return `${formatBytes(bytesPerSecond)}/s`;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Time left: "3 s", "4 min 05 s", "2 h 13 min"; "—" while unknown, "more than a day" beyond
 * that (a speed estimate that far out is noise). Rounds up so it never reads "0 s" while
 * bytes remain.
 */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || Number.isNaN(seconds)) return UNKNOWN;
  if (seconds > DAY) return 'more than a day';
  const total = Math.max(0, Math.ceil(seconds));
  if (total < MINUTE) return `${total} s`;
  if (total < HOUR) {
    const minutes = Math.floor(total / MINUTE);
    return `${minutes} min ${pad2(total % MINUTE)} s`;
  }
  const hours = Math.floor(total / HOUR);
  const minutes = Math.floor((total % HOUR) / MINUTE);
  return `${hours} h ${pad2(minutes)} min`;
}

/**
 * The share acknowledged, 0-100, rounded down so 100 means really all of it. A zero-byte
 * file has nothing to count: it is 0 until the upload is done, then 100.
 */
export function percentOf(acked: number, total: number, done = false): number {
  if (done) return 100;
  if (!(total > 0)) return 0;
  const ratio = Math.min(1, Math.max(0, acked / total));
  return Math.floor(ratio * 100);
}

/** "37%". Pass `done` for a finished job so a zero-byte file reads 100%. */
export function formatPercent(acked: number, total: number, done = false): string {
  return `${percentOf(acked, total, done || (total > 0 && acked >= total))}%`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
