import type { JobRecord } from '../store/index.js';

/**
 * A job whose saved password or header values could not be read runs again only once they are
 * given anew: each part the patch supplies (even "no headers now") is no longer missing.
 */
export function restoreSecrets(record: JobRecord, patch: Partial<JobRecord>): void {
  if (!record.secretsUnreadable) return;
  const missing = record.secretsUnreadable.filter((part) => !Object.hasOwn(patch, part));
  if (missing.length > 0) record.secretsUnreadable = missing;
  else delete record.secretsUnreadable;
}
