import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { JobOptions } from './job-record.js';
import { JobOptionsSchema } from './job-schemas.js';
import { type Sealer, sealerFor, slotOf } from './job-secrets.js';
import { type SecretBox, SecretUnreadableError } from './secret-box.js';

/*
 * The secrets inside a job's options: the proxy password and the client certificate's
 * passphrase. Stored sealed under their own names (sealedPassword, sealedPassphrase), so a plain
 * row written before sealing can never be mistaken for a sealed one (as for destinations).
 */
const PROXY_SLOT = 'proxy-password';
const PASSPHRASE_SLOT = 'client-cert-passphrase';

/** options_json as stored: either shape of each secret. */
export const StoredJobOptionsSchema = JobOptionsSchema.extend({
  proxyCredentials: z
    .object({ user: z.string(), password: z.string().optional(), sealedPassword: z.string().optional() })
    .optional(),
  clientCert: z
    .object({
      certFile: z.string().optional(),
      keyFile: z.string().optional(),
      pfxFile: z.string().optional(),
      passphrase: z.string().optional(),
      sealedPassphrase: z.string().optional(),
    })
    .optional(),
});
type StoredOptions = z.infer<typeof StoredJobOptionsSchema>;

/** The options as written: secrets sealed. */
export function sealOptions(options: JobOptions, seal: Sealer): StoredOptions {
  const stored: StoredOptions = { ...options } as StoredOptions;
  if (options.proxyCredentials) {
    stored.proxyCredentials = {
      user: options.proxyCredentials.user,
      sealedPassword: seal(options.proxyCredentials.password, PROXY_SLOT),
    };
  }
  if (options.clientCert?.passphrase !== undefined) {
    const { passphrase, ...files } = options.clientCert;
    stored.clientCert = { ...files, sealedPassphrase: seal(passphrase, PASSPHRASE_SLOT) };
  }
  return stored;
}

export interface OpenedOptions {
  options: JobOptions;
  /** Set when a sealed secret did not open: it is left out, and the job must get it again. */
  unreadable?: SecretUnreadableError;
  /** The row still holds a secret in plain text (sealed at the next open). */
  plain: boolean;
}

export function openOptions(jobId: string, stored: StoredOptions, box: SecretBox): OpenedOptions {
  const { proxyCredentials, clientCert, ...rest } = stored;
  const options: JobOptions = rest;
  let unreadable: SecretUnreadableError | undefined;
  let plain = false;
  const open = (sealed: string, what: string) => {
    try {
      return box.open(sealed, slotOf(jobId, what));
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
      unreadable ??= error;
      return undefined;
    }
  };
  if (proxyCredentials) {
    const password =
      proxyCredentials.sealedPassword !== undefined
        ? open(proxyCredentials.sealedPassword, PROXY_SLOT)
        : proxyCredentials.password;
    if (proxyCredentials.sealedPassword === undefined) plain = true;
    if (password !== undefined) options.proxyCredentials = { user: proxyCredentials.user, password };
  }
  if (clientCert) {
    const { sealedPassphrase, passphrase: plainPassphrase, ...files } = clientCert;
    if (plainPassphrase !== undefined) plain = true;
    const passphrase =
      sealedPassphrase !== undefined ? open(sealedPassphrase, PASSPHRASE_SLOT) : plainPassphrase;
    options.clientCert = passphrase === undefined ? files : { ...files, passphrase };
  }
  return unreadable ? { options, unreadable, plain } : { options, plain };
}

/**
 * Seals proxy passwords and passphrases that rows written before this version hold in plain
 * text (options_json), then checkpoints and truncates the WAL so the plain text is overwritten
 * (secure_delete is on). Returns how many rows it sealed.
 */
export function sealPlainOptionSecrets(db: Database, box: SecretBox): number {
  if (!box.available) return 0;
  const rows = db
    .prepare(
      `SELECT id, options_json FROM jobs WHERE options_json LIKE '%"password"%' OR options_json LIKE '%"passphrase"%'`,
    )
    .all() as Array<{ id: string; options_json: string }>;
  const update = db.prepare('UPDATE jobs SET options_json = ? WHERE id = ?');
  let sealed = 0;
  db.transaction(() => {
    for (const row of rows) {
      let parsed: ReturnType<typeof StoredJobOptionsSchema.safeParse>;
      try {
        parsed = StoredJobOptionsSchema.safeParse(JSON.parse(row.options_json));
      } catch {
        continue; // Damaged: decodeJob shows it failed.
      }
      if (!parsed.success) continue;
      const opened = openOptions(row.id, parsed.data, box);
      if (!opened.plain || opened.unreadable) continue;
      update.run(JSON.stringify(sealOptions(opened.options, sealerFor(box, row.id))), row.id);
      sealed++;
    }
  })();
  if (sealed > 0 && db.pragma('journal_mode', { simple: true }) === 'wal')
    db.pragma('wal_checkpoint(TRUNCATE)');
  return sealed;
}
