import { z } from 'zod';
import { MAX_SCHEDULE_RULES } from './bandwidth-schedule.js';

/**
 * The schedule's schemas (settings validation, the schedule editor's checks). The rules' meaning
 * lives in bandwidth-schedule.ts, which needs no zod: the engine and the status bar read it.
 */

export const BandwidthRuleSchema = z
  .object({
    days: z
      .array(z.number().int().min(0).max(6))
      .min(1, 'a rule needs at least one day')
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'a day is listed twice'),
    /** First hour the rule covers (0-23). */
    fromHour: z.number().int().min(0).max(23),
    /** The hour it stops (1-24, 24 = midnight); earlier than fromHour: it runs past midnight. */
    toHour: z.number().int().min(1).max(24),
    /** Bytes per second while it applies; 0 = unlimited. */
    limitBps: z.number().int().min(0),
  })
  .refine((rule) => rule.fromHour !== rule.toHour % 24, {
    message: 'a rule starts and ends at different hours',
    path: ['toHour'],
  });
export type BandwidthRule = z.infer<typeof BandwidthRuleSchema>;

export const BandwidthScheduleSchema = z.array(BandwidthRuleSchema).max(MAX_SCHEDULE_RULES);
