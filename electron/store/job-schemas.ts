import { z } from 'zod';
import { JobErrorSchema, RetryPolicySchema } from '../../shared/jobs.js';
import type { SessionState } from '../../shared/session-state.js';
import type { JobOptions, JobRecord } from './job-record.js';

/** Schemas for the JSON columns of `jobs`, checked on every read (the file is outside our control). */

export const SessionStateSchema = z.object({
  sessionId: z.string().optional(),
  hostId: z.string().optional(),
  hostFallbackTimeoutSec: z.number().optional(),
  hostFallbackDeadline: z.number().optional(),
  hostFallenBack: z.boolean().optional(),
  acked: z.number().min(0),
  bestAcked: z.number().min(0).optional(),
  sentEnd: z.number().min(0).optional(),
  resentBytes: z.number().min(0).optional(),
  fileSize: z.number().min(0),
  fileMtimeMs: z.number(),
  uploadComplete: z.boolean(),
  replyUrl: z.string().optional(),
  replyDone: z.boolean(),
  ownReplySaved: z.boolean().optional(),
  closeSent: z.boolean(),
  fragmentSize: z.number().int().positive().optional(),
  restartsWithoutProgress: z.number().int().min(0),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

/** As stored: values are sealed envelopes, longer than the 4,096 characters a value may have. */
export const HeadersSchema = z.array(z.tuple([z.string().min(1).max(256), z.string().max(24_000)]));

export const CredentialsSchema = z.object({ user: z.string(), password: z.string() });

export const JobOptionsSchema = z.object({
  retry: RetryPolicySchema.partial().optional(),
  fragmentSize: z.number().int().positive().optional(),
  caFile: z.string().optional(),
  overwriteReply: z.boolean().optional(),
  proxy: z.string().optional(),
  proxyCredentials: z.object({ user: z.string(), password: z.string() }).optional(),
  proxyPac: z.string().optional(),
  clientCert: z
    .object({
      certFile: z.string().optional(),
      keyFile: z.string().optional(),
      pfxFile: z.string().optional(),
      passphrase: z.string().optional(),
    })
    .optional(),
  pins: z.array(z.string()).optional(),
});

export { JobErrorSchema };

/*
 * Compile-time guards: SessionState and JobOptions are declared as interfaces elsewhere, so a
 * field added there without its schema here would be silently stripped on read. These fail to
 * compile instead.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameShape<A, B> = Same<A, B> extends true ? Same<keyof A, keyof B> : false;
const sessionSchemaMatches: SameShape<z.infer<typeof SessionStateSchema>, SessionState> = true;
const optionsSchemaMatches: SameShape<z.infer<typeof JobOptionsSchema>, JobOptions> = true;
const credentialsSchemaMatches: SameShape<
  z.infer<typeof CredentialsSchema>,
  NonNullable<JobRecord['credentials']>
> = true;
void [sessionSchemaMatches, optionsSchemaMatches, credentialsSchemaMatches];
