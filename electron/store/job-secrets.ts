import { ERROR_CONTEXT, formatHresult, HRESULT } from '../../shared/bits-codes.js';
import type { JobError } from '../../shared/jobs.js';
import type { JobRecord } from './job-record.js';
import { type SecretBox, SecretUnreadableError, type UnreadableReason } from './secret-box.js';

/** Seals one value of one job: the slot (job id + which value) is the associated data. */
export type Sealer = (plain: string, what: string) => string;

export function slotOf(jobId: string, what: string): string {
  return `${jobId}\u0000${what}`;
}

export function sealerFor(box: SecretBox, jobId: string): Sealer {
  return (plain, what) => box.seal(plain, slotOf(jobId, what));
}

const headerSlot = (name: string) => `header:${name}`;
const PASSWORD_SLOT = 'password';

/** Header names stay readable (hosts list them); values are sealed. An empty value needs no secrecy. */
export function sealHeaders(headers: Array<[string, string]>, seal: Sealer): Array<[string, string]> {
  return headers.map(([name, value]) => [name, value === '' ? '' : seal(value, headerSlot(name))]);
}

export function sealCredentials(
  credentials: { user: string; password: string },
  seal: Sealer,
): { user: string; password: string } {
  return { user: credentials.user, password: seal(credentials.password, PASSWORD_SLOT) };
}

/** What could not be opened in one row: the job keeps its place but must get these again. */
export interface UnreadableSecrets {
  parts: Array<'credentials' | 'headers'>;
  reason: UnreadableReason;
  detail: string;
}

/**
 * Opens a sealed row's secrets in place. A value that does not open is dropped (the password)
 * or emptied (a header value, keeping its name), and reported, so the job never runs with
 * something it cannot have.
 */
export function openSecrets(
  jobId: string,
  headers: Array<[string, string]>,
  credentials: { user: string; password: string } | undefined,
  box: SecretBox,
): {
  headers: Array<[string, string]>;
  credentials?: { user: string; password: string };
  unreadable?: UnreadableSecrets;
} {
  let failure: SecretUnreadableError | undefined;
  const parts: UnreadableSecrets['parts'] = [];
  const open = (sealed: string, what: string): string | undefined => {
    if (sealed === '') return '';
    try {
      return box.open(sealed, slotOf(jobId, what));
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
      failure ??= error;
      return undefined;
    }
  };
  let headersLost = false;
  const opened = headers.map(([name, value]): [string, string] => {
    const plain = open(value, headerSlot(name));
    if (plain === undefined) headersLost = true;
    return [name, plain ?? ''];
  });
  if (headersLost) parts.push('headers');
  let openedCredentials: { user: string; password: string } | undefined;
  if (credentials) {
    const password = open(credentials.password, PASSWORD_SLOT);
    if (password === undefined) parts.unshift('credentials');
    else openedCredentials = { user: credentials.user, password };
  }
  const result: ReturnType<typeof openSecrets> = { headers: opened };
  if (openedCredentials) result.credentials = openedCredentials;
  if (failure) result.unreadable = { parts, reason: failure.reason, detail: failure.message };
  return result;
}

/** The error a job shows while its secrets cannot be read. */
export function secretsError(unreadable: UnreadableSecrets, at: number): JobError {
  const what =
    unreadable.parts.length === 2
      ? 'The saved password and header values for this job cannot be read'
      : unreadable.parts[0] === 'credentials'
        ? 'The saved password for this job cannot be read'
        : 'The saved header values for this job cannot be read';
  const again = unreadable.parts.length === 2 || unreadable.parts[0] === 'headers' ? 'them' : 'it';
  return {
    message: `${what}; enter ${again} again (${unreadable.detail}).`,
    hint:
      unreadable.reason === 'no-key'
        ? 'Give the password (and headers) again, for example by running the same upload command with --user; the job then continues. If the key file is unreadable, fix its permissions instead.'
        : 'Give the password (and headers) again, for example by running the same upload command with --user; the job then continues from the server’s position.',
    code: formatHresult(HRESULT.E_FAIL),
    context: ERROR_CONTEXT.GENERAL_QUEUE_MANAGER,
    classification: 'fatal',
    phase: 'upload',
    at,
  };
}

/** The record fields that erase a finished job's secrets: no password, header names kept without values. */
export function erasedSecrets(
  record: Pick<JobRecord, 'headers' | 'credentials' | 'options'>,
): Partial<JobRecord> {
  const erased: Partial<JobRecord> = {};
  if (record.credentials !== undefined || record.headers.some(([, value]) => value !== '')) {
    erased.credentials = undefined;
    erased.headers = record.headers.map(([name]) => [name, '']);
  }
  // The proxy's password is a secret too: a finished job needs it no more.
  if (
    record.options?.proxyCredentials !== undefined ||
    record.options?.clientCert?.passphrase !== undefined
  ) {
    const { proxyCredentials: _gone, ...options } = record.options;
    // The certificate's files stay (they are paths); its passphrase goes like a password.
    if (options.clientCert?.passphrase !== undefined) {
      const { passphrase: _passphrase, ...files } = options.clientCert;
      options.clientCert = files;
    }
    erased.options = options;
  }
  return erased;
}
