import { describe, expect, it } from 'vitest';
import type { BandwidthRule } from '../../shared/bandwidth-schedule.js';
import { FakeClock } from '../bits/testing/fake-clock.js';
import { BandwidthLimiter } from './bandwidth-limiter.js';
import { ScheduledLimit } from './scheduled-limit.js';
import { engineHarness } from './testing/engine-harness.js';

const MIB = 1024 * 1024;
const HOUR = 3600_000;
const workHours: BandwidthRule = { days: [1, 2, 3, 4, 5], fromHour: 9, toHour: 17, limitBps: 2 * MIB };
/** Monday 2026-01-05, 08:30 local time. */
const mondayMorning = () => new Date(2026, 0, 5, 8, 30).getTime();

describe('the bandwidth schedule in the engine', () => {
  it('switches to the rule’s limit when its hours begin and back when they end', async () => {
    const clock = new FakeClock(mondayMorning());
    const { engine } = await engineHarness({
      clock,
      settings: { bandwidthLimitBps: 512 * 1024, bandwidthSchedule: [workHours] },
    });
    expect(engine.bandwidthLimitNow).toBe(512 * 1024);
    await clock.advance(29 * 60_000); // 08:59
    expect(engine.bandwidthLimitNow).toBe(512 * 1024);
    await clock.advance(60_000); // 09:00
    expect(engine.bandwidthLimitNow).toBe(2 * MIB);
    await clock.advance(8 * HOUR); // 17:00
    expect(engine.bandwidthLimitNow).toBe(512 * 1024);
  });

  it('applies a schedule saved while its hours are on at once, and dropping it restores the plain limit', async () => {
    const clock = new FakeClock(new Date(2026, 0, 6, 10, 15).getTime()); // Tuesday 10:15
    const { engine } = await engineHarness({ clock });
    expect(engine.bandwidthLimitNow).toBe(0);
    engine.updateSettings({ ...engine.settings, bandwidthSchedule: [workHours] });
    expect(engine.bandwidthLimitNow).toBe(2 * MIB);
    engine.updateSettings({ ...engine.settings, bandwidthSchedule: [], bandwidthLimitBps: MIB });
    expect(engine.bandwidthLimitNow).toBe(MIB);
    // No schedule: no hourly timer is left behind.
    expect(clock.pending()).toEqual([]);
  });
});

describe('ScheduledLimit', () => {
  it('re-checks once an hour while a schedule exists, and not after it stops', async () => {
    const clock = new FakeClock(mondayMorning());
    const limiter = new BandwidthLimiter(clock);
    const limit = new ScheduledLimit(clock, limiter, () => ({
      bandwidthLimitBps: 0,
      bandwidthSchedule: [workHours],
    }));
    limit.apply();
    expect(clock.pending()).toEqual([30 * 60_000]);
    await clock.advance(30 * 60_000);
    expect(limiter.rate).toBe(2 * MIB);
    expect(clock.pending()).toEqual([HOUR]);
    limit.stop();
    expect(clock.pending()).toEqual([]);
  });
});
