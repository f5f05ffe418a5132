import { describe, expect, it } from 'vitest';
import {
  type BandwidthRule,
  describeDays,
  describeRule,
  effectiveLimit,
  msUntilNextHour,
  parseRate,
} from './bandwidth-schedule.js';
import { BandwidthRuleSchema } from './bandwidth-schedule-schema.js';
import { DEFAULT_SETTINGS, SettingsSchema } from './jobs.js';

const MIB = 1024 * 1024;
const workHours: BandwidthRule = { days: [1, 2, 3, 4, 5], fromHour: 9, toHour: 17, limitBps: 2 * MIB };
const nights: BandwidthRule = { days: [5], fromHour: 22, toHour: 6, limitBps: 0 };
/** Local time: 2026-01-05 is a Monday. */
const at = (day: number, hour: number, minute = 0) => new Date(2026, 0, 4 + day, hour, minute).getTime();
const settings = (schedule: BandwidthRule[], plain = 512 * 1024) => ({
  bandwidthLimitBps: plain,
  bandwidthSchedule: schedule,
});

describe('the effective bandwidth limit', () => {
  it('is the rule’s limit inside its hours and days, the plain limit outside them', () => {
    const s = settings([workHours]);
    expect(effectiveLimit(s, at(1, 9)).limitBps).toBe(2 * MIB); // Monday 09:00
    expect(effectiveLimit(s, at(5, 16, 59)).limitBps).toBe(2 * MIB); // Friday 16:59
    expect(effectiveLimit(s, at(1, 17)).limitBps).toBe(512 * 1024); // 17:00: the rule has ended
    expect(effectiveLimit(s, at(1, 8, 59)).limitBps).toBe(512 * 1024);
    expect(effectiveLimit(s, at(6, 12)).limitBps).toBe(512 * 1024); // Saturday
  });

  it('runs a rule past midnight into the next morning', () => {
    const s = settings([nights], MIB);
    expect(effectiveLimit(s, at(5, 23)).limitBps).toBe(0); // Friday 23:00
    expect(effectiveLimit(s, at(6, 5, 59)).limitBps).toBe(0); // Saturday 05:59
    expect(effectiveLimit(s, at(6, 6)).limitBps).toBe(MIB);
    expect(effectiveLimit(s, at(4, 23)).limitBps).toBe(MIB); // Thursday night is not listed
    expect(effectiveLimit(s, at(5, 3)).limitBps).toBe(MIB); // Friday's small hours belong to Thursday
  });

  it('takes the first rule that covers the hour', () => {
    const lunch: BandwidthRule = { days: [1], fromHour: 12, toHour: 13, limitBps: 0 };
    expect(effectiveLimit(settings([lunch, workHours]), at(1, 12, 30)).limitBps).toBe(0);
    expect(effectiveLimit(settings([workHours, lunch]), at(1, 12, 30)).limitBps).toBe(2 * MIB);
  });

  it('waits until the next top of an hour', () => {
    expect(msUntilNextHour(at(1, 9, 15))).toBe(45 * 60_000);
    expect(msUntilNextHour(at(1, 23, 0))).toBe(60 * 60_000);
  });
});

describe('schedule rules', () => {
  it('refuses an empty day list, a repeated day and a rule that ends where it starts', () => {
    expect(BandwidthRuleSchema.safeParse({ ...workHours, days: [] }).success).toBe(false);
    expect(BandwidthRuleSchema.safeParse({ ...workHours, days: [1, 1] }).success).toBe(false);
    expect(BandwidthRuleSchema.safeParse({ ...workHours, fromHour: 0, toHour: 24 }).success).toBe(false);
    expect(BandwidthRuleSchema.safeParse({ ...workHours, toHour: 25 }).success).toBe(false);
    expect(BandwidthRuleSchema.safeParse(nights).success).toBe(true);
  });

  it('are part of the settings, bounded in number', () => {
    expect(
      SettingsSchema.parse({ ...DEFAULT_SETTINGS, bandwidthSchedule: [workHours] }).bandwidthSchedule,
    ).toEqual([workHours]);
    const many = Array.from({ length: 25 }, () => workHours);
    expect(SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, bandwidthSchedule: many }).success).toBe(false);
  });

  it('read as people write them', () => {
    expect(describeRule(workHours)).toBe('Mon-Fri 09:00-17:00: 2.0 MiB/s');
    expect(describeRule(nights)).toBe('Fri 22:00-06:00: no limit');
    expect(describeDays([0, 6])).toBe('Sat, Sun');
    expect(describeDays([0, 1, 2, 3, 4, 5, 6])).toBe('Every day');
    expect(describeDays([1, 3, 4, 5])).toBe('Mon, Wed-Fri');
  });
});

describe('typed rates', () => {
  it('reads the forms people type, in binary units', () => {
    expect(parseRate('2 MB/s')).toEqual({ ok: true, bps: 2 * MIB });
    expect(parseRate('500k')).toEqual({ ok: true, bps: 500 * 1024 });
    expect(parseRate('1,5 MiB/s')).toEqual({ ok: true, bps: 1.5 * MIB });
    expect(parseRate('  ')).toEqual({ ok: true, bps: 0 });
    expect(parseRate('none')).toEqual({ ok: true, bps: 0 });
    expect(parseRate('4096')).toEqual({ ok: true, bps: 4096 });
  });

  it('says what is wrong with a rate it cannot use', () => {
    const fast = parseRate('2 fast');
    expect(fast.ok).toBe(false);
    expect(!fast.ok && fast.message).toMatch(/write it like 2 MB\/s/);
    expect(parseRate('-1 MB/s').ok).toBe(false);
    expect(parseRate('10 B/s').ok).toBe(false);
    expect(parseRate('999 GB/s').ok).toBe(false);
  });
});
