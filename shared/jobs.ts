import { z } from 'zod';
import { BandwidthScheduleSchema } from './bandwidth-schedule-schema.js';
import { HEADER_TOKEN, LIMITS, singleLine } from './contract/limits.js';
import { JOB_STATES, JOB_TYPES, PRIORITIES } from './job-states.js';

/**
 * The job model shared by the engine, the store, every host and the UI (bits-protocol.md §10).
 * Schemas are the single source: TypeScript types are inferred from them (the state, type and
 * priority lists they are built on live in job-states.ts, free of zod).
 */

export {
  ACTIVE_STATES,
  FINAL_STATES,
  JOB_STATES,
  JOB_TYPES,
  type JobState,
  type JobType,
  PRIORITIES,
  type Priority,
} from './job-states.js';

export const JobStateSchema = z.enum(JOB_STATES);
export const JobTypeSchema = z.enum(JOB_TYPES);
export const PrioritySchema = z.enum(PRIORITIES);

/** A custom header [name, value]: a name of RFC 9110 token characters, a value that cannot end the line. */
export const HeaderSchema = z.tuple([
  z
    .string()
    .min(1)
    .max(LIMITS.headerNameChars)
    .regex(HEADER_TOKEN, "a header name has letters, digits and -!#$%&'*+.^_`|~ only"),
  singleLine(LIMITS.headerValueChars),
]);

/** Node timers cannot wait longer than 2^31-1 ms (about 24.8 days): delays stay below that. */
const MAX_TIMER_MS = 24 * 24 * 3600_000;

export const RetryPolicySchema = z.object({
  /**
   * Shortest wait before any retry (0: retry a blip at once). Windows' MinimumRetryDelay
   * behaviour is 5000 or more: every retry then waits at least that long, backing off from it.
   */
  minDelayMs: z.number().int().min(0).max(MAX_TIMER_MS),
  /** Longest wait between attempts (the back-off's cap). */
  maxDelayMs: z.number().int().min(1_000).max(MAX_TIMER_MS),
  /** A job that makes no progress for this long after its first transient error goes to error (0: never retry). */
  noProgressTimeoutMs: z.number().int().min(0),
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

export const JobErrorSchema = z.object({
  message: z.string(),
  hint: z.string().optional(),
  /** HRESULT as 0xXXXXXXXX. */
  code: z.string(),
  context: z.number().int(),
  classification: z.enum(['transient', 'fatal']),
  phase: z.enum(['upload', 'reply', 'close', 'cancel', 'local-file']),
  httpStatus: z.number().int().optional(),
  at: z.number(),
  evidence: z
    .object({
      request: z.string().optional(),
      statusLine: z.string().optional(),
      headers: z.array(z.tuple([z.string(), z.string()])).optional(),
      body: z.string().optional(),
      detail: z.string().optional(),
    })
    .optional(),
});
export type JobError = z.infer<typeof JobErrorSchema>;

export const JobSchema = z.object({
  id: z.string(),
  type: JobTypeSchema,
  state: JobStateSchema,
  priority: PrioritySchema,
  filePath: z.string(),
  fileName: z.string(),
  url: z.string(),
  /** Custom header names only: values may be secrets and never leave the main process. */
  headerNames: z.array(z.string()),
  hasCredentials: z.boolean(),
  replyPath: z.string().optional(),
  holdCompletion: z.boolean(),
  bytesTotal: z.number(),
  bytesAcked: z.number(),
  replyBytes: z.number().optional(),
  /** SHA-256 of the file (hex), once the server has all of it (computed while it streamed). */
  sha256: z.string().optional(),
  /** The server's id of the upload session (Create-Session Ack), while one is open. */
  sessionId: z.string().optional(),
  /** BITS-Host-Id: the farm node that holds the session, when the server named one. */
  serverHost: z.string().optional(),
  /** Bytes per fragment in use (the job's own, or what 413 answers shrank it to); absent: automatic. */
  fragmentSize: z.number().int().optional(),
  /** The furthest the server's cursor ever reached: above bytesAcked, the server lost bytes being re-sent. */
  bestAcked: z.number().optional(),
  /** Bytes sent more than once (lost sessions, partial takes, replays), while the session is kept. */
  bytesResent: z.number().optional(),
  attempts: z.number().int(),
  nextRetryAt: z.number().optional(),
  error: JobErrorSchema.optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  completedAt: z.number().optional(),
  /** Position in the queue (smaller runs first within a priority). */
  queueOrder: z.number(),
});
export type Job = z.infer<typeof JobSchema>;

export const JobEventSchema = z.object({
  id: z.number().int(),
  jobId: z.string(),
  at: z.number(),
  kind: z.enum(['state', 'error', 'info']),
  state: JobStateSchema.optional(),
  message: z.string(),
  httpStatus: z.number().int().optional(),
  code: z.string().optional(),
  context: z.number().int().optional(),
});
export type JobEvent = z.infer<typeof JobEventSchema>;

/** '' (from the environment), 'direct', or an http://[user:password@]host[:port] proxy URL. */
export const ProxySettingSchema = z
  .string()
  .max(2048)
  .refine(
    (value) => value === '' || /^direct$/i.test(value) || /^(http:\/\/)?[^\s/?#]+\/?$/i.test(value),
    'a proxy is "direct" or an http://host:port URL',
  );

/**
 * Host-wide preferences the core does not use itself: the window's theme, notifications, and the
 * desktop shell's tray and login item. Kept with the settings so every window of a host (and the
 * tray) sees one value and follows its changes.
 */
export const AppPreferencesSchema = z.object({
  theme: z.enum(['system', 'light', 'dark']),
  /** Tell the user when an upload finishes / fails / its reply is ready (desktop; a browser that opted in). */
  notifyFinished: z.boolean(),
  notifyFailed: z.boolean(),
  notifyReplyReady: z.boolean(),
  /** What closing the desktop window does; 'ask' until the user has answered once. */
  closeToTray: z.enum(['ask', 'tray', 'quit']),
  /** Start the desktop app when the user logs in. */
  launchAtLogin: z.boolean(),
});
export type AppPreferences = z.infer<typeof AppPreferencesSchema>;

export const SettingsSchema = z.object({
  maxConcurrentJobs: z.number().int().min(1).max(64),
  maxJobsPerHost: z.number().int().min(1).max(64),
  /** Bytes per second for all fragment bodies together; 0 = unlimited. */
  bandwidthLimitBps: z.number().int().min(0),
  /** Limits for given hours and days; outside them bandwidthLimitBps applies (bandwidth-schedule.ts). */
  bandwidthSchedule: BandwidthScheduleSchema,
  retry: RetryPolicySchema,
  /** A request that moves no bytes for this long is aborted and retried. */
  stallTimeoutMs: z.number().int().min(1_000).max(MAX_TIMER_MS),
  /**
   * Folder for reply files; empty = the data directory's replies/ folder. Checked when set: an
   * absolute path to a folder that can be created and written, not on /proc, /sys or /dev, and
   * not inside the data folder (other than its replies/).
   */
  replyFolder: z.string().max(LIMITS.pathChars),
  /** Bytes per fragment; 0 = automatic (about two seconds of sending each, 1-24 MiB). */
  fragmentSize: z
    .number()
    .int()
    .refine((size) => size === 0 || size >= 5 * 1024, 'a fragment size is 0 (automatic) or at least 5 KiB'),
  /** Largest reply file accepted, in bytes; 0 = no limit. */
  replyMaxBytes: z.number().int().min(0),
  replyMaxTimeMs: z.number().int().min(1_000).max(MAX_TIMER_MS),
  /** HTTP proxy for every job without its own: '' = HTTPS_PROXY / HTTP_PROXY / NO_PROXY, 'direct' = none. */
  proxy: ProxySettingSchema,
  /** Destinations the proxy setting does not carry (NO_PROXY syntax: "internal.corp, .lan, 10.0.0.5"). */
  proxyBypass: z.string().max(8192),
  /** A PAC file (http(s) URL or local path) for jobs without their own proxy; '' = none. `proxy` wins. */
  proxyPac: z.string().max(LIMITS.pathChars),
  app: AppPreferencesSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  maxConcurrentJobs: 3,
  maxJobsPerHost: 2,
  bandwidthLimitBps: 0,
  bandwidthSchedule: [],
  retry: { minDelayMs: 0, maxDelayMs: 10 * 60_000, noProgressTimeoutMs: 14 * 24 * 3600_000 },
  stallTimeoutMs: 60_000,
  replyFolder: '',
  fragmentSize: 0,
  replyMaxBytes: 1024 ** 3,
  replyMaxTimeMs: 30 * 60_000,
  proxy: '',
  proxyBypass: '',
  proxyPac: '',
  app: {
    theme: 'system',
    notifyFinished: true,
    notifyFailed: true,
    notifyReplyReady: true,
    closeToTray: 'ask',
    launchAtLogin: false,
  },
};
