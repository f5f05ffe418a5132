import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PRIORITIES, type Priority } from '../../shared/jobs.js';
import { normalizePin, PIN_HELP } from '../../shared/tls-pin.js';
import { DestinationError, parseDestination } from '../bits/destination.js';
import { ProxyConfigError, parseProxyUrl } from '../bits/http/proxy-config.js';
import { parseHeaderLine } from '../bits/origin-policy.js';

/** A command line we cannot run; main prints it with a pointer to --help and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: 'upload' | 'check' | 'serve' | 'jobs' | 'settings',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type CommandName = 'upload' | 'check';

/** --user as given: the password is absent when only a name was typed (we prompt for it). */
export interface UserArg {
  user: string;
  password?: string;
}

/** Options that decide what is sent to the server, common to `upload` and `check`. */
export interface ConnectionArgs {
  url: string;
  headers: Array<[string, string]>;
  user?: UserArg;
  /** Absolute path of a PEM CA file. */
  caFile?: string;
  /** --proxy: an http://host:port proxy URL (credentials allowed), or "direct". */
  proxy?: string;
  /** --proxy-user: Basic credentials for the proxy (password prompted for when left out). */
  proxyUser?: UserArg;
  /** --proxy-pac: a PAC file's http(s) URL, or an absolute path. */
  proxyPac?: string;
  /** --cert + --key (PEM) or --pfx (PKCS#12): absolute paths of the TLS client certificate. */
  clientCert?: { certFile: string; keyFile: string } | { pfxFile: string };
  /** --pin: SHA-256 pins of the server certificate (AB:CD:... form). */
  pins?: string[];
  json: boolean;
}

export interface UploadArgs extends ConnectionArgs {
  /** Absolute path of the file to upload. */
  file: string;
  /** Absolute path for the reply; makes it an upload-reply job. */
  replyPath?: string;
  /** --overwrite: the reply may replace a file already at replyPath. */
  overwrite?: boolean;
  /** --restart: drop the earlier unfinished job for this file and URL and upload from the start. */
  restart?: boolean;
  fragmentSize?: number;
  dataDir?: string;
  priority?: Priority;
  giveUpAfterSeconds?: number;
}

export type CheckArgs = ConnectionArgs;

export type ParsedCommandLine =
  | { kind: 'help'; topic?: CommandName }
  | { kind: 'version' }
  | { kind: 'upload'; args: UploadArgs }
  | { kind: 'check'; args: CheckArgs };

const CONNECTION_OPTIONS = {
  header: { type: 'string', multiple: true },
  user: { type: 'string' },
  ca: { type: 'string' },
  proxy: { type: 'string' },
  'proxy-user': { type: 'string' },
  'proxy-pac': { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  pfx: { type: 'string' },
  pin: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const UPLOAD_OPTIONS = {
  ...CONNECTION_OPTIONS,
  reply: { type: 'string' },
  overwrite: { type: 'boolean' },
  restart: { type: 'boolean' },
  'fragment-size': { type: 'string' },
  'data-dir': { type: 'string' },
  priority: { type: 'string' },
  'give-up-after': { type: 'string' },
} as const;

/** Parses argv (without the node and script paths). Throws UsageError. */
export function parseCommandLine(argv: string[], cwd: string): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('no command given.');
  if (first === '--help' || first === '-h') return { kind: 'help' };
  if (first === '--version' || first === '-v' || first === '-V') return { kind: 'version' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { kind: 'help' };
    if (topic === 'upload' || topic === 'check') return { kind: 'help', topic };
    throw new UsageError(`unknown command "${topic}".`);
  }
  if (first === 'upload' || first === 'check') {
    // --help wins over everything else, so a half-typed command still shows its usage.
    const beforeDashes = rest.indexOf('--') < 0 ? rest : rest.slice(0, rest.indexOf('--'));
    if (beforeDashes.includes('--help') || beforeDashes.includes('-h')) return { kind: 'help', topic: first };
    return first === 'upload'
      ? { kind: 'upload', args: parseUpload(rest, cwd) }
      : { kind: 'check', args: parseCheck(rest, cwd) };
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option ${first}.`);
  throw new UsageError(`unknown command "${first}".`);
}

function parseUpload(argv: string[], cwd: string): UploadArgs {
  const { values, positionals } = guard('upload', () =>
    parseArgs({ args: argv, options: UPLOAD_OPTIONS, allowPositionals: true, strict: true }),
  );
  if (positionals.length !== 2) {
    throw new UsageError(
      positionals.length < 2 ? 'upload needs a file and a URL.' : `unexpected argument "${positionals[2]}".`,
      'upload',
    );
  }
  const [file, url] = positionals as [string, string];
  if (values.overwrite && values.reply === undefined) {
    throw new UsageError(
      '--overwrite only applies with --reply (it lets the reply replace a file).',
      'upload',
    );
  }
  return {
    ...(values.overwrite ? { overwrite: true } : {}),
    ...(values.restart ? { restart: true } : {}),
    ...connectionArgs(values, url, cwd, 'upload'),
    file: resolve(cwd, file),
    replyPath: values.reply === undefined ? undefined : resolve(cwd, nonEmpty(values.reply, '--reply')),
    fragmentSize: values['fragment-size'] === undefined ? undefined : parseSize(values['fragment-size']),
    // As given: the core resolves it (and expands a leading ~ the shell left alone).
    dataDir: values['data-dir'] === undefined ? undefined : nonEmpty(values['data-dir'], '--data-dir'),
    priority: values.priority === undefined ? undefined : parsePriority(values.priority),
    giveUpAfterSeconds:
      values['give-up-after'] === undefined ? undefined : parseDuration(values['give-up-after']),
  };
}

function parseCheck(argv: string[], cwd: string): CheckArgs {
  const { values, positionals } = guard('check', () =>
    parseArgs({ args: argv, options: CONNECTION_OPTIONS, allowPositionals: true, strict: true }),
  );
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? 'check needs a URL.' : `unexpected argument "${positionals[1]}".`,
      'check',
    );
  }
  return connectionArgs(values, positionals[0]!, cwd, 'check');
}

type Values = {
  header?: string[];
  user?: string;
  ca?: string;
  proxy?: string;
  'proxy-user'?: string;
  'proxy-pac'?: string;
  cert?: string;
  key?: string;
  pfx?: string;
  pin?: string[];
  json?: boolean;
};

function connectionArgs(values: Values, url: string, cwd: string, command: CommandName): ConnectionArgs {
  const wrap = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error), command);
    }
  };
  return {
    url: wrap(() => parseUrl(url)),
    headers: (values.header ?? []).map((line) => wrap(() => parseHeaderLine(line))),
    user: values.user === undefined ? undefined : wrap(() => parseUser(values.user!)),
    caFile:
      values.ca === undefined
        ? undefined
        : resolve(
            cwd,
            wrap(() => nonEmpty(values.ca!, '--ca')),
          ),
    proxy: values.proxy === undefined ? undefined : wrap(() => parseProxyArg(values.proxy!)),
    proxyUser:
      values['proxy-user'] === undefined
        ? undefined
        : wrap(() => parseUser(values['proxy-user']!, '--proxy-user')),
    ...wrap(() => tlsArgs(values, cwd)),
    json: values.json ?? false,
  };
}

/** --proxy-pac, --cert/--key or --pfx, --pin: checked for shape now, files read when used. */
function tlsArgs(values: Values, cwd: string): Pick<ConnectionArgs, 'proxyPac' | 'clientCert' | 'pins'> {
  const result: Pick<ConnectionArgs, 'proxyPac' | 'clientCert' | 'pins'> = {};
  if (values['proxy-pac'] !== undefined) {
    if (values.proxy !== undefined) throw new Error('--proxy and --proxy-pac exclude each other.');
    const pac = nonEmpty(values['proxy-pac'], '--proxy-pac');
    result.proxyPac = /^(https?|file):/i.test(pac) ? pac : resolve(cwd, pac);
  }
  if (values.pfx !== undefined) {
    if (values.cert !== undefined || values.key !== undefined) {
      throw new Error('--pfx holds the certificate and key: give it instead of --cert and --key.');
    }
    result.clientCert = { pfxFile: resolve(cwd, nonEmpty(values.pfx, '--pfx')) };
  } else if (values.cert !== undefined || values.key !== undefined) {
    if (values.cert === undefined || values.key === undefined)
      throw new Error('--cert and --key go together.');
    result.clientCert = {
      certFile: resolve(cwd, nonEmpty(values.cert, '--cert')),
      keyFile: resolve(cwd, nonEmpty(values.key, '--key')),
    };
  }
  if (values.pin !== undefined) {
    result.pins = values.pin.map((pin) => {
      const normalized = normalizePin(pin);
      if (!normalized) throw new Error(`--pin ${pin}: ${PIN_HELP}.`);
      return normalized;
    });
  }
  return result;
}

/** --proxy as given ("direct" or a URL), checked now so a typo is a usage error, not a failed upload. */
function parseProxyArg(raw: string): string {
  if (raw.trim().toLowerCase() === 'direct') return 'direct';
  try {
    parseProxyUrl(raw);
  } catch (error) {
    if (error instanceof ProxyConfigError) throw new Error(`--proxy: ${error.message}`);
    throw error;
  }
  return raw.trim();
}

function guard<T>(command: CommandName, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new UsageError(explainParseError(error), command);
  }
}

/** node:util's messages are long and mention internals; say the one thing that matters. */
function explainParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-[^']*)'/.exec(message)?.[1]?.split(/[\s<]/)[0];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option ?? message}.`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing/.test(message)
      ? `option ${option ?? ''} needs a value.`.replace('  ', ' ')
      : `option ${option ?? ''} does not take a value.`.replace('  ', ' ');
  }
  return message;
}

/** The destination URL: http(s) only, no credentials inside it, no fragment. */
export function parseUrl(raw: string): string {
  try {
    return parseDestination(raw).href;
  } catch (error) {
    if (!(error instanceof DestinationError)) throw error;
    if (error.reason === 'credentials')
      throw new Error('put the user name and password in --user, not in the URL.');
    if (error.reason === 'invalid') {
      throw new Error(`"${raw}" is not a valid URL (expected http://host/path/file or https://...).`);
    }
    throw new Error(error.message);
  }
}

/** "name:password" (the password may contain colons), or just "name". */
export function parseUser(raw: string, option = '--user'): UserArg {
  const colon = raw.indexOf(':');
  const user = colon < 0 ? raw : raw.slice(0, colon);
  if (user.length === 0) throw new Error(`${option} needs a user name (${option} name:password).`);
  return colon < 0 ? { user } : { user, password: raw.slice(colon + 1) };
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
export const MIN_FRAGMENT = 5 * 1024;
export const MAX_FRAGMENT = 4 * 1024 ** 3;

/** Plain bytes or a binary suffix: 65536, 512K, 8M, 1G (KB/KiB/MB/MiB... read the same). */
export function parseSize(raw: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(raw);
  if (!match) throw new UsageError(`--fragment-size "${raw}" is not a size (try 512K, 8M or 1G).`, 'upload');
  const bytes = Math.floor(Number(match[1]) * SIZE_UNITS[match[2]!.toLowerCase()]!);
  if (bytes < MIN_FRAGMENT || bytes > MAX_FRAGMENT) {
    throw new UsageError(`--fragment-size must be between 5K and 4G (got ${raw}).`, 'upload');
  }
  return bytes;
}

/** Seconds, or a number with s/m/h. */
export function parseDuration(raw: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/i.exec(raw);
  const factor = { s: 1, m: 60, h: 3600 }[(match?.[2] ?? 's').toLowerCase() as 's' | 'm' | 'h'];
  const seconds = match ? Number(match[1]) * factor : Number.NaN;
  if (!(seconds > 0)) {
    throw new UsageError(
      `--give-up-after "${raw}" is not a duration (seconds, or e.g. 90s, 10m, 2h).`,
      'upload',
    );
  }
  return seconds;
}

function parsePriority(raw: string): Priority {
  const value = raw.toLowerCase();
  if ((PRIORITIES as readonly string[]).includes(value)) return value as Priority;
  throw new UsageError(`--priority must be one of ${PRIORITIES.join(', ')} (got "${raw}").`, 'upload');
}

function nonEmpty(value: string, option: string): string {
  if (value.trim() === '') throw new UsageError(`${option} needs a value.`, 'upload');
  return value;
}
