import type { BandwidthRule } from './bandwidth-schedule-schema.js';
import { formatSpeed } from './format.js';

/**
 * The bandwidth schedule: limits for given hours and days ("Mon-Fri 09:00-17:00: 2 MiB/s"),
 * in the host's local time. Rules are whole hours, so the effective limit can only change at
 * the top of an hour; the first rule that covers the hour wins, else the plain limit applies.
 */

/** Days as Date#getDay() numbers them: 0 = Sunday ... 6 = Saturday. */
export const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
/** Monday first, as schedules are usually written. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

export const MAX_SCHEDULE_RULES = 24;

export type { BandwidthRule } from './bandwidth-schedule-schema.js';

/** A moment in local time, as far as the schedule cares. */
export interface WeekHour {
  day: number;
  hour: number;
}

export function weekHourOf(ms: number): WeekHour {
  const date = new Date(ms);
  return { day: date.getDay(), hour: date.getHours() };
}

/** Whether a rule covers this hour (a rule past midnight covers the small hours of the next day). */
export function ruleCovers(rule: BandwidthRule, at: WeekHour): boolean {
  if (rule.fromHour < rule.toHour) {
    return rule.days.includes(at.day) && at.hour >= rule.fromHour && at.hour < rule.toHour;
  }
  const yesterday = (at.day + 6) % 7;
  return (
    (rule.days.includes(at.day) && at.hour >= rule.fromHour) ||
    (rule.days.includes(yesterday) && at.hour < rule.toHour)
  );
}

/** The limit in force at `ms`: the first rule covering that hour, else the plain limit. */
export function effectiveLimit(
  settings: { bandwidthLimitBps: number; bandwidthSchedule: readonly BandwidthRule[] },
  ms: number,
): { limitBps: number; rule: BandwidthRule | undefined } {
  const at = weekHourOf(ms);
  const rule = settings.bandwidthSchedule.find((candidate) => ruleCovers(candidate, at));
  return { limitBps: rule ? rule.limitBps : settings.bandwidthLimitBps, rule };
}

/** Milliseconds from `ms` to the next top of a local hour (where a rule may start or stop). */
export function msUntilNextHour(ms: number): number {
  const next = new Date(ms);
  next.setMinutes(0, 0, 0);
  next.setHours(next.getHours() + 1);
  return Math.max(1, next.getTime() - ms);
}

/** "Mon-Fri", "Sat, Sun", "Every day", "Mon, Wed-Fri". */
export function describeDays(days: readonly number[]): string {
  const set = new Set(days);
  if (set.size === 7) return 'Every day';
  const order: readonly number[] = WEEK_ORDER;
  const runs: number[][] = [];
  for (const day of order.filter((candidate) => set.has(candidate))) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run && last !== undefined && order.indexOf(last) + 1 === order.indexOf(day)) run.push(day);
    else runs.push([day]);
  }
  return runs
    .flatMap((run) =>
      run.length >= 3
        ? [`${DAY_NAMES[run[0]!]}-${DAY_NAMES[run[run.length - 1]!]}`]
        : run.map((d) => DAY_NAMES[d]!),
    )
    .join(', ');
}

export function formatHour(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** "Mon-Fri 09:00-17:00: 2.0 MiB/s" (the words the settings view and the status bar use). */
export function describeRule(rule: BandwidthRule): string {
  const limit = rule.limitBps > 0 ? formatSpeed(rule.limitBps) : 'no limit';
  return `${describeDays(rule.days)} ${formatHour(rule.fromHour)}-${formatHour(rule.toHour)}: ${limit}`;
}

const RATE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** The largest limit accepted: far above any link, well inside a safe integer. */
export const MAX_RATE_BPS = 100 * 1024 ** 3;

/**
 * A rate as a person types it: "2 MB/s", "500k", "1.5 MiB", "0", "none", "" (no limit).
 * Units are binary (1 MB = 1024 KiB), as every size in the app is shown.
 */
export function parseRate(text: string): { ok: true; bps: number } | { ok: false; message: string } {
  const value = text.trim().toLowerCase();
  if (value === '' || value === 'none' || value === 'unlimited' || value === 'off')
    return { ok: true, bps: 0 };
  const match = /^(\d+(?:[.,]\d+)?)\s*([kmg]?i?b?)\s*(?:\/\s*s|ps)?$/.exec(value);
  const unit = match ? RATE_UNITS[match[2]!] : undefined;
  if (!match || unit === undefined) {
    return {
      ok: false,
      message: `“${text.trim().slice(0, 40)}” is not a rate: write it like 2 MB/s or 500 KB/s (0 or empty: no limit).`,
    };
  }
  const bps = Math.round(Number(match[1]!.replace(',', '.')) * unit);
  if (bps > MAX_RATE_BPS)
    return { ok: false, message: 'That limit is larger than any link: at most 100 GB/s.' };
  if (bps > 0 && bps < 1024)
    return {
      ok: false,
      message: 'A limit below 1 KB/s would stall uploads: use 1 KB/s or more, or 0 for none.',
    };
  return { ok: true, bps };
}
