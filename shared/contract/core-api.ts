import { z } from 'zod';
import {
  AppPreferencesSchema,
  HeaderSchema,
  type Job,
  JobEventSchema,
  JobSchema,
  JobStateSchema,
  JobTypeSchema,
  PrioritySchema,
  ProxySettingSchema,
  RetryPolicySchema,
  SettingsSchema,
} from '../jobs.js';
import { normalizePin, PIN_HELP } from '../tls-pin.js';
import type { Destination, SaveDestinationInput } from './host-api.js';
import { LIMITS, PathTextSchema, singleLine, UrlTextSchema } from './limits.js';
import { WIRE_ERROR_LIMITS } from './wire-error.js';

/**
 * The core API every host (Electron main, the headless server, the CLI) sits on: plain
 * serializable data in and out, validated at the boundary with these schemas. The IPC
 * channel map is derived from it.
 */

export const JobIdSchema = singleLine(LIMITS.idChars).min(1);

export const CredentialsSchema = z.object({
  // HTTP Basic joins them with a colon: a colon in the user name could never authenticate.
  user: singleLine(LIMITS.userChars)
    .min(1)
    .refine((user) => !user.includes(':'), 'a user name cannot contain ":"'),
  // Sent base64-encoded, so any character is safe; only its size is bounded.
  password: z.string().max(LIMITS.passwordChars),
});

/**
 * A TLS client certificate: PEM certificate and key files, or one PKCS#12 file; the passphrase
 * (of the key or the PKCS#12 file) is a secret, sealed at rest like passwords.
 */
export const ClientCertSchema = z
  .object({
    certFile: PathTextSchema.min(1).optional(),
    keyFile: PathTextSchema.min(1).optional(),
    pfxFile: PathTextSchema.min(1).optional(),
    passphrase: z.string().max(LIMITS.passwordChars).optional(),
  })
  .refine(
    (cert) => (cert.pfxFile ? !cert.certFile && !cert.keyFile : !!cert.certFile && !!cert.keyFile),
    'a client certificate is a PEM certificate and key (certFile + keyFile) or a PKCS#12 file (pfxFile)',
  );
export type ClientCert = z.infer<typeof ClientCertSchema>;

/** SHA-256 pins of the server certificate, normalized to AB:CD:... (see tls-pin.ts). */
export const PinsSchema = z
  .array(
    z
      .string()
      .max(200)
      .transform((pin, ctx) => {
        const normalized = normalizePin(pin);
        if (!normalized) ctx.addIssue({ code: 'custom', message: PIN_HELP });
        return normalized ?? pin;
      }),
  )
  .min(1)
  .max(8);

/** At most 64 custom headers, and no more bytes of them than a server accepts in one request. */
const HeadersSchema = z
  .array(HeaderSchema)
  .max(64)
  .refine(
    (headers) =>
      headers.reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0) <=
      LIMITS.headerTotalChars,
    `custom headers may total at most ${LIMITS.headerTotalChars} characters`,
  );

export const AddJobInputSchema = z.object({
  filePath: PathTextSchema.min(1),
  url: UrlTextSchema,
  type: JobTypeSchema.default('upload'),
  priority: PrioritySchema.default('normal'),
  /** Custom request headers, sent on every packet and on the reply download to the job's own origin. */
  headers: HeadersSchema.default([]),
  credentials: CredentialsSchema.optional(),
  /** Where to save the reply (upload-reply); default: a name the app chooses in the reply folder. */
  replyPath: PathTextSchema.optional(),
  /** The reply may replace a file already at replyPath; without it such a path is refused ('exists'). */
  overwriteReply: z.boolean().default(false),
  /** Keep the job in 'transferred' until complete() is called, instead of acknowledging it automatically. */
  holdCompletion: z.boolean().default(false),
  retry: RetryPolicySchema.partial().optional(),
  fragmentSize: z
    .number()
    .int()
    .min(5 * 1024)
    .optional(),
  /** Extra CA certificate (PEM file) trusted for this job's HTTPS connections. */
  caFile: PathTextSchema.optional(),
  /** Start suspended instead of queued. */
  suspended: z.boolean().default(false),
  /** This job's HTTP proxy ("direct" for none); absent: the proxy setting, then the environment. */
  proxy: ProxySettingSchema.optional(),
  /** Basic credentials for the proxy, when they are not in its URL. */
  proxyCredentials: CredentialsSchema.optional(),
  /** A PAC file (http(s) URL or local path) choosing this job's proxy; `proxy` wins over it. */
  proxyPac: PathTextSchema.min(1).optional(),
  /** TLS client certificate for the upload, the reply download and the check. */
  clientCert: ClientCertSchema.optional(),
  /** Accept the server's certificate only when its SHA-256 is one of these (self-signed allowed). */
  pins: PinsSchema.optional(),
  /**
   * A saved destination whose headers, credentials and fragment size the job takes where this
   * input gives none (the client never sees their values). The URL is still the job's own.
   */
  destinationId: JobIdSchema.optional(),
});
export type AddJobInput = z.input<typeof AddJobInputSchema>;
export type AddJobRequest = z.output<typeof AddJobInputSchema>;

export const JobTypeMatchSchema = z.object({
  filePath: PathTextSchema,
  url: UrlTextSchema,
  type: JobTypeSchema,
});

/**
 * New connection settings for a job that has not finished (null clears one). A job that is
 * transferring restarts its attempt with them; the upload session (and the server's bytes) stay.
 */
export const UpdateJobInputSchema = z.object({
  headers: HeadersSchema.optional(),
  credentials: CredentialsSchema.nullable().optional(),
  /** Upload-reply only, and only until the reply has been saved. */
  replyPath: PathTextSchema.min(1).optional(),
  /** Whether the reply may replace an existing file (a new replyPath needs it anew). */
  overwriteReply: z.boolean().optional(),
  /** Null: automatic sizing. */
  fragmentSize: z
    .number()
    .int()
    .min(5 * 1024)
    .nullable()
    .optional(),
  caFile: PathTextSchema.min(1).nullable().optional(),
  /** Null: back to the proxy setting (and the environment). */
  proxy: ProxySettingSchema.nullable().optional(),
  proxyCredentials: CredentialsSchema.nullable().optional(),
  proxyPac: PathTextSchema.min(1).nullable().optional(),
  clientCert: ClientCertSchema.nullable().optional(),
  pins: PinsSchema.nullable().optional(),
});
export type UpdateJobInput = z.input<typeof UpdateJobInputSchema>;
export type UpdateJobRequest = z.output<typeof UpdateJobInputSchema>;

/**
 * Where a job goes in the queue: one step, an end, or beside another job (a drag and drop).
 * Steps and places keep to the job's priority: the engine runs priorities first, queue order within.
 */
export const MoveSchema = z.union([
  z.enum(['up', 'down', 'top', 'bottom']),
  z.strictObject({ before: JobIdSchema }),
  z.strictObject({ after: JobIdSchema }),
]);
export type Move = z.infer<typeof MoveSchema>;

export const ListQuerySchema = z.object({
  states: z.array(JobStateSchema).optional(),
  search: singleLine(LIMITS.searchChars).optional(),
  sort: z.enum(['queue', 'created', 'name', 'size', 'progress', 'state']).default('queue'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type ListQuery = z.input<typeof ListQuerySchema>;

export const JobListSchema = z.object({ jobs: z.array(JobSchema), total: z.number().int() });
export type JobList = z.infer<typeof JobListSchema>;

export const JobDetailSchema = z.object({ job: JobSchema, events: z.array(JobEventSchema) });
export type JobDetail = z.infer<typeof JobDetailSchema>;

export const ReplyFileSchema = z.object({
  jobId: z.string(),
  fileName: z.string(),
  replyPath: z.string(),
  bytes: z.number(),
  completedAt: z.number().optional(),
});
export type ReplyFile = z.infer<typeof ReplyFileSchema>;

export const ProgressEventSchema = z.object({
  type: z.literal('progress'),
  jobId: z.string(),
  phase: z.enum(['upload', 'reply']),
  bytesAcked: z.number(),
  bytesTotal: z.number(),
  /** Bytes handed to the network for the fragment in flight (not yet acknowledged). */
  bytesInFlight: z.number(),
  replyBytes: z.number().optional(),
  replyTotal: z.number().optional(),
  /** Smoothed upload speed, bytes per second. */
  speedBps: z.number(),
  /** Seconds left at the smoothed speed; absent while unknown. */
  etaSeconds: z.number().optional(),
});
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

export const CoreEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job-changed'), job: JobSchema }),
  z.object({ type: z.literal('jobs-removed'), ids: z.array(z.string()) }),
  ProgressEventSchema,
  z.object({ type: z.literal('settings-changed'), settings: SettingsSchema }),
]);
export type CoreEvent = z.infer<typeof CoreEventSchema>;

export const SettingsPatchSchema = SettingsSchema.partial().extend({
  retry: RetryPolicySchema.partial().optional(),
  app: AppPreferencesSchema.partial().optional(),
});
export type SettingsPatch = z.input<typeof SettingsPatchSchema>;

/** Commands change jobs; every one resolves with the job(s) as they are afterwards. */
export interface CoreCommands {
  add(input: AddJobInput): Promise<Job>;
  addMany(inputs: AddJobInput[]): Promise<Job[]>;
  /** Changes a job's connection settings (see UpdateJobInputSchema). */
  update(id: string, changes: UpdateJobInput): Promise<Job>;
  suspend(id: string): Promise<Job>;
  resume(id: string): Promise<Job>;
  cancel(id: string): Promise<Job>;
  complete(id: string): Promise<Job>;
  retry(id: string): Promise<Job>;
  setPriority(id: string, priority: z.infer<typeof PrioritySchema>): Promise<Job>;
  move(id: string, where: Move): Promise<Job>;
  remove(ids: string[]): Promise<{ removed: string[] }>;
  removeFinished(): Promise<{ removed: string[] }>;
  suspendAll(): Promise<{ changed: number }>;
  resumeAll(): Promise<{ changed: number }>;
  updateSettings(patch: SettingsPatch): Promise<z.infer<typeof SettingsSchema>>;
  /** Saves a destination (a new one without `id`); 'exists' when another has the same name. */
  saveDestination(input: SaveDestinationInput): Promise<Destination>;
  removeDestination(id: string): Promise<{ removed: string[] }>;
}

export interface CoreQueries {
  list(query?: ListQuery): Promise<JobList>;
  get(id: string): Promise<JobDetail | undefined>;
  /** The unfinished job for this file, URL and type, if one exists (so a re-run resumes it). */
  findUnfinished(match: {
    filePath: string;
    url: string;
    type: z.infer<typeof JobTypeSchema>;
  }): Promise<Job | undefined>;
  replies(): Promise<ReplyFile[]>;
  settings(): Promise<z.infer<typeof SettingsSchema>>;
  /** Saved destinations by name; header names and hasCredentials only, never their values. */
  destinations(): Promise<Destination[]>;
  /**
   * A saved destination's headers, credentials, fragment size, client certificate and pins, for
   * the host's own work (destinations:check). In-process only: no channel carries it, a remote
   * core refuses it.
   */
  destinationSecrets(id: string): Promise<{
    url: string;
    headers: Array<[string, string]>;
    credentials?: { user: string; password: string };
    fragmentSize?: number;
    clientCert?: ClientCert;
    pins?: string[];
  }>;
}

export interface Core {
  commands: CoreCommands;
  queries: CoreQueries;
  /** Job changes and coalesced progress (at most ~10 per second per job). Returns the unsubscribe function. */
  subscribe(listener: (event: CoreEvent) => void): () => void;
  /** Things the user should know from start-up (a database renamed aside, jobs whose files vanished). */
  readonly startupWarnings: string[];
  readonly dataDir: string;
  /** Stops transfers (they resume at the next start) and releases the data folder. */
  close(): Promise<void>;
}

export const CORE_ERROR_CODES = [
  'not-found',
  'invalid-state',
  'invalid-input',
  'io',
  'locked',
  /** A channel name that the contract does not have (HTTP hosts answer 404). */
  'unknown-channel',
  /** The target exists and replacing it was not asked for (e.g. a reply path). */
  'exists',
  /** This host cannot do it (a browser cannot open a file on the host: HTTP 501). */
  'unsupported',
  /** A body or file over the host's limit (HTTP 413). */
  'too-large',
  /** The host's disk has no room for it (HTTP 507). */
  'no-space',
  /** Outside what this host may touch (a folder not shared with --allow-folder: HTTP 403). */
  'not-allowed',
] as const;
export type CoreErrorCode = (typeof CORE_ERROR_CODES)[number];

/** What an error looks like on every transport (IPC, HTTP, WebSocket, the control socket). */
export const WireErrorSchema = z.object({
  code: z.string().max(WIRE_ERROR_LIMITS.codeChars),
  message: z.string().max(WIRE_ERROR_LIMITS.textChars),
  hint: z.string().max(WIRE_ERROR_LIMITS.textChars).optional(),
});
export type WireError = z.infer<typeof WireErrorSchema>;

/** An error a command reports to a host: a stable code, a plain-language message, and what to do next. */
export class CoreError extends Error {
  constructor(
    readonly code: CoreErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }

  toWire(): WireError {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

export type { Job };
