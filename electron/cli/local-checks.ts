import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ClientCert } from '../../shared/contract/core-api.js';
import { clientCertProblem } from '../bits/http/client-cert.js';
import type { TlsOptions } from '../bits/http/transport.js';
import { OriginPolicy } from '../bits/origin-policy.js';
import { undecodableNameProblem } from '../bits/undecodable-name.js';
import type { ConnectionArgs, UserArg } from './args.js';
import { UsageError } from './args.js';
import type { CliIo } from './cli-io.js';

/** Why the file cannot be uploaded, in plain words; undefined when it can. */
export async function localFileProblem(path: string): Promise<string | undefined> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    if (info.code === 'ENOENT') return (await undecodableNameProblem(path)) ?? `There is no file at ${path}.`;
    if (info.code === 'EACCES' || info.code === 'EPERM') return `Cannot read ${path}: permission denied.`;
    return `Cannot read ${path}: ${info.message}.`;
  }
  if (!info.isFile()) return `${path} is a folder or device, not a file.`;
  const readable = await access(path, constants.R_OK).then(
    () => true,
    () => false,
  );
  return readable ? undefined : `Cannot read ${path}: permission denied.`;
}

/** --reply must name a file in an existing folder: found out now, not after the whole upload. */
export async function checkReplyPath(path: string): Promise<void> {
  const folder = await stat(dirname(path)).catch(() => undefined);
  if (!folder?.isDirectory()) {
    throw new UsageError(`the folder for the reply file (${dirname(path)}) does not exist.`, 'upload');
  }
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory())
    throw new UsageError(`--reply ${path} is a folder; give a file name.`, 'upload');
}

/** The PEM text of --ca, or a usage error that says what is wrong with the file. */
export async function readCaFile(path: string, command: 'upload' | 'check'): Promise<string> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    const why =
      error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.code ?? error.message})`;
    throw new UsageError(`the CA certificate file ${path} ${why}.`, command);
  });
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new UsageError(
      `${path} is not a PEM certificate file (no "-----BEGIN CERTIFICATE-----" line).`,
      command,
    );
  }
  return text;
}

/** Environment variable a script can use instead of putting the password on the command line. */
export const PASSWORD_ENV = 'BITS_UPLOADER_PASSWORD';

/** The full credentials for --user, asking for the password on the terminal when it was left out. */
export async function resolveCredentials(
  user: UserArg | undefined,
  io: Pick<CliIo, 'env' | 'stdinIsTTY' | 'promptPassword'>,
  command: 'upload' | 'check' | 'jobs',
): Promise<{ user: string; password: string } | undefined> {
  if (!user) return undefined;
  if (user.password !== undefined) return { user: user.user, password: user.password };
  const fromEnv = io.env[PASSWORD_ENV];
  if (fromEnv !== undefined) return { user: user.user, password: fromEnv };
  if (!io.stdinIsTTY) {
    throw new UsageError(
      `--user ${user.user} has no password and there is no terminal to ask for it: use --user name:password or set ${PASSWORD_ENV}.`,
      command,
    );
  }
  return { user: user.user, password: await io.promptPassword(`Password for ${user.user}: `) };
}

/** The passphrase of an encrypted key or PKCS#12 file, for scripts. */
export const CERT_PASSPHRASE_ENV = 'BITS_UPLOADER_CERT_PASSPHRASE';

/**
 * The client certificate files read and tried; an encrypted key or PKCS#12 file gets its
 * passphrase from the environment or the terminal. A file that cannot be used is a usage error
 * naming it, before anything is sent.
 */
export async function resolveClientCert(
  cert: ConnectionArgs['clientCert'],
  io: Pick<CliIo, 'env' | 'stdinIsTTY' | 'promptPassword'>,
  command: 'upload' | 'check',
): Promise<{ files: ClientCert; tls: TlsOptions } | undefined> {
  if (!cert) return undefined;
  const read = (path: string, what: string) =>
    readFile(path).catch((error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.code ?? error.message})`;
      throw new UsageError(`the ${what} ${path} ${why}.`, command);
    });
  const tls: TlsOptions = {};
  if ('pfxFile' in cert) tls.pfx = await read(cert.pfxFile, 'PKCS#12 file');
  else {
    tls.cert = (await read(cert.certFile, 'client certificate file')).toString('utf8');
    tls.key = (await read(cert.keyFile, 'client key file')).toString('utf8');
  }
  const file = 'pfxFile' in cert ? cert.pfxFile : cert.keyFile;
  const attempt = (passphrase?: string) => clientCertProblem({ ...tls, passphrase }, file);
  let passphrase: string | undefined = io.env[CERT_PASSPHRASE_ENV];
  let problem = attempt(passphrase);
  if (problem?.passphrase && passphrase === undefined && io.stdinIsTTY) {
    passphrase = await io.promptPassword(`Passphrase for ${file}: `);
    problem = attempt(passphrase);
  }
  if (problem) {
    const more = problem.passphrase && !io.stdinIsTTY ? ` Set ${CERT_PASSPHRASE_ENV} to give it.` : '';
    throw new UsageError(`${problem.message}${more}`, command);
  }
  if (passphrase !== undefined) tls.passphrase = passphrase;
  return { files: passphrase === undefined ? { ...cert } : { ...cert, passphrase }, tls };
}

/** The proxy's password variable, for scripts (like PASSWORD_ENV for the server's). */
export const PROXY_PASSWORD_ENV = 'BITS_UPLOADER_PROXY_PASSWORD';

/** --proxy-user in full, asking for the proxy password on the terminal when it was left out. */
export async function resolveProxyCredentials(
  user: UserArg | undefined,
  io: Pick<CliIo, 'env' | 'stdinIsTTY' | 'promptPassword'>,
  command: 'upload' | 'check',
): Promise<{ user: string; password: string } | undefined> {
  if (!user) return undefined;
  if (user.password !== undefined) return { user: user.user, password: user.password };
  const fromEnv = io.env[PROXY_PASSWORD_ENV];
  if (fromEnv !== undefined) return { user: user.user, password: fromEnv };
  if (!io.stdinIsTTY) {
    throw new UsageError(
      `--proxy-user ${user.user} has no password and there is no terminal to ask for it: use --proxy-user name:password or set ${PROXY_PASSWORD_ENV}.`,
      command,
    );
  }
  return { user: user.user, password: await io.promptPassword(`Proxy password for ${user.user}: `) };
}

/**
 * What the user should hear before anything is sent (and before being asked for a password):
 * a password going out over plain http. Only whether there is a password matters here.
 */
export function connectionWarnings(
  url: string,
  headers: Array<[string, string]>,
  user: UserArg | undefined,
): string[] {
  const credentials = user ? { user: user.user, password: '' } : undefined;
  return new OriginPolicy(new URL(url), { headers, credentials }).warnings();
}
