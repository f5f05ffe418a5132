import { parseArgs } from 'node:util';
import type { ServerAuthOptions } from './auth/auth-options.js';
import { parseFaultSpec } from './fault-spec.js';
import type { FaultRuleInit } from './faults.js';
import { parseDecimal } from './http-head.js';
import type { BitsServerOptions } from './types.js';

export const CLI_USAGE = `Usage: node dist/e2e/bits-server/cli.js --root <dir> [options]

  --root <dir>            where uploads land (required)
  --host <addr>           listen address (default 127.0.0.1)
  --port <n>              listen port (default 0: ephemeral)
  --storage disk|discard  discard: verify and count bytes, write nothing
  --max-fragment <bytes>  answer 413 to larger Fragment bodies
  --max-upload <bytes>    answer 500 + 0x80200020 to larger uploads
  --host-id <host>        send BITS-Host-Id on Create-Session Acks
  --no-overwrite          refuse existing destinations (403)
  --duplicates-416        answer full duplicate fragments with 416 (GoBITS, Transfer VM)
  --close-silently        reset each connection's second request (no Connection: close said)
  --ignore-repr-digest    do not check a Close-Session's Repr-Digest (as IIS; for benchmarks)
  --tls-key <file> --tls-cert <file>   serve HTTPS
  --fault <kind>:<rate>   misbehave on that share of requests: cut-mid-body, drop-ack, 503 (repeatable)
  --fault-seed <n>        seed of the fault draws (default 1): the same seed, the same faulty requests
  --auth basic|digest|ntlm|negotiate   require authentication (verified by the server's own code)
  --auth-user <name:password>          an account (repeatable; DOMAIN\\user or user@domain for NTLM)
  --auth-realm <realm>    Basic/Digest realm (default BITS)
  --kerberos-service <s>  Negotiate: accept Kerberos for this service from KRB5_KTNAME (e.g. HTTP@localhost)`;

export type CliParse =
  | {
      ok: true;
      options: BitsServerOptions;
      tlsFiles?: { key: string; cert: string };
      /** Fault rules to add once the server runs (--fault). */
      faults?: FaultRuleInit[];
    }
  | { ok: false; message: string };

/** Turns argv into server options; pure, so it is tested without spawning a process. */
export function parseCliArgs(argv: string[]): CliParse {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        root: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        storage: { type: 'string' },
        'max-fragment': { type: 'string' },
        'max-upload': { type: 'string' },
        'host-id': { type: 'string' },
        'no-overwrite': { type: 'boolean' },
        'duplicates-416': { type: 'boolean' },
        'close-silently': { type: 'boolean' },
        'ignore-repr-digest': { type: 'boolean' },
        'tls-key': { type: 'string' },
        'tls-cert': { type: 'string' },
        fault: { type: 'string', multiple: true },
        'fault-seed': { type: 'string' },
        auth: { type: 'string' },
        'auth-user': { type: 'string', multiple: true },
        'auth-realm': { type: 'string' },
        'kerberos-service': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  if (values.help) return { ok: false, message: CLI_USAGE };
  if (typeof values.root !== 'string') return { ok: false, message: '--root is required' };
  const options: BitsServerOptions = { root: values.root };
  if (typeof values.host === 'string') options.host = values.host;
  for (const [flag, key] of [
    ['port', 'port'],
    ['max-fragment', 'maxFragmentBytes'],
    ['max-upload', 'maxUploadBytes'],
  ] as const) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    const n = parseDecimal(raw);
    if (n === undefined) return { ok: false, message: `--${flag} needs a non-negative integer` };
    options[key] = n;
  }
  if (values.storage !== undefined) {
    if (values.storage !== 'disk' && values.storage !== 'discard') {
      return { ok: false, message: '--storage must be disk or discard' };
    }
    options.storage = values.storage;
  }
  if (typeof values['host-id'] === 'string') options.hostId = values['host-id'];
  if (values['no-overwrite']) options.allowOverwrites = false;
  if (values['duplicates-416']) options.duplicateStatus = 416;
  if (values['close-silently']) options.closeSilently = true;
  if (values['ignore-repr-digest']) options.ignoreReprDigest = true;
  const auth = parseAuth(values);
  if (typeof auth === 'string') return { ok: false, message: auth };
  if (auth) options.auth = auth;
  const faults = parseFaults(values.fault, values['fault-seed']);
  if (typeof faults === 'string') return { ok: false, message: faults };
  const key = values['tls-key'];
  const cert = values['tls-cert'];
  if ((typeof key === 'string') !== (typeof cert === 'string')) {
    return { ok: false, message: '--tls-key and --tls-cert go together' };
  }
  const extra = faults.length > 0 ? { faults } : {};
  if (typeof key === 'string' && typeof cert === 'string')
    return { ok: true, options, tlsFiles: { key, cert }, ...extra };
  return { ok: true, options, ...extra };
}

const SCHEMES = ['basic', 'digest', 'ntlm', 'negotiate'] as const;

/** --auth and its accounts; a message when malformed. */
function parseAuth(values: Record<string, unknown>): ServerAuthOptions | undefined | string {
  const scheme = values.auth;
  const accounts = (values['auth-user'] as string[] | undefined) ?? [];
  if (scheme === undefined) {
    return accounts.length > 0 || values['kerberos-service']
      ? '--auth-user and --kerberos-service need --auth'
      : undefined;
  }
  const known = SCHEMES.find((s) => s === scheme);
  if (!known) return `--auth must be one of ${SCHEMES.join(', ')}`;
  const users: Record<string, string> = {};
  for (const account of accounts) {
    const colon = account.indexOf(':');
    if (colon <= 0) return '--auth-user needs name:password';
    users[account.slice(0, colon)] = account.slice(colon + 1);
  }
  if (accounts.length === 0 && !values['kerberos-service'])
    return `--auth ${known} needs at least one --auth-user`;
  const result: ServerAuthOptions = { scheme: known, users };
  if (typeof values['auth-realm'] === 'string') result.realm = values['auth-realm'];
  if (typeof values['kerberos-service'] === 'string') {
    if (known !== 'negotiate') return '--kerberos-service goes with --auth negotiate';
    result.kerberosService = values['kerberos-service'];
  }
  return result;
}

/** The --fault rules, each with its own seed derived from --fault-seed; a message when malformed. */
function parseFaults(specs: unknown, seedText: unknown): FaultRuleInit[] | string {
  const seed = typeof seedText === 'string' ? parseDecimal(seedText) : 1;
  if (seed === undefined) return '--fault-seed needs a non-negative integer';
  try {
    return ((specs as string[] | undefined) ?? []).map((spec, index) => parseFaultSpec(spec, seed + index));
  } catch (error) {
    return (error as Error).message;
  }
}
