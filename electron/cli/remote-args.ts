import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { JOB_STATES, type JobState, PRIORITIES, type Priority } from '../../shared/jobs.js';
import { parseHeaderLine } from '../bits/origin-policy.js';
import { parseUrl, parseUser, UsageError, type UserArg } from './args.js';

/** The verbs that act on jobs, through the running instance or the data folder. */
export const JOB_VERBS = ['suspend', 'resume', 'cancel', 'complete', 'retry', 'remove'] as const;
export type JobVerb = (typeof JOB_VERBS)[number];

export type JobsCommand =
  | {
      verb: 'add';
      files: string[];
      url: string;
      replyDir?: string;
      priority?: Priority;
      headers: Array<[string, string]>;
      user?: UserArg;
      suspended: boolean;
      json: boolean;
      dataDir?: string;
    }
  | { verb: 'list'; states?: JobState[]; json: boolean; dataDir?: string }
  | { verb: 'show'; id: string; json: boolean; dataDir?: string }
  | { verb: JobVerb; ids: string[]; all: boolean; json: boolean; dataDir?: string }
  | { verb: 'wait'; ids: string[]; json: boolean; dataDir?: string };

export type SettingsCommand =
  | { verb: 'get'; json: boolean; dataDir?: string }
  | { verb: 'set'; assignments: Array<[string, string]>; json: boolean; dataDir?: string };

export interface ServeArgs {
  port: number;
  host: string;
  dataDir?: string;
  open: boolean;
  allowRemote: boolean;
  tlsCert?: string;
  tlsKey?: string;
  allowFolders: string[];
  staticDir?: string;
  maxStageBytes?: number;
}

export const DEFAULT_SERVE_PORT = 7590;

const common = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse<O extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>>(
  command: 'serve' | 'jobs' | 'settings',
  argv: string[],
  options: O,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const option = /'(-[^'\s]*)/.exec((error as Error).message)?.[1];
    const code = (error as { code?: string }).code;
    throw new UsageError(
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? `unknown option ${option}.`
        : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
          ? `option ${option} needs a value.`
          : (error as Error).message,
      command,
    );
  }
}

/** `bits-uploader jobs <verb> ...` */
export function parseJobsCommand(argv: string[], cwd: string): JobsCommand {
  const [verb, ...rest] = argv;
  const fail = (message: string): never => {
    throw new UsageError(message, 'jobs');
  };
  if (verb === undefined)
    fail('jobs needs a verb: add, list, show, wait, suspend, resume, cancel, complete, retry, remove.');
  if (verb === 'add') {
    const { values, positionals } = parse('jobs', rest, {
      ...common,
      url: { type: 'string' },
      'reply-dir': { type: 'string' },
      priority: { type: 'string' },
      header: { type: 'string', multiple: true },
      user: { type: 'string' },
      suspended: { type: 'boolean' },
    });
    if (positionals.length === 0) fail('jobs add needs at least one file.');
    if (values.url === undefined) fail('jobs add needs --url <destination>.');
    const wrap = <T>(work: () => T): T => {
      try {
        return work();
      } catch (error) {
        return fail((error as Error).message);
      }
    };
    return {
      verb,
      files: positionals.map((file) => resolve(cwd, file)),
      url: wrap(() => parseUrl(values.url!)),
      replyDir: values['reply-dir'] === undefined ? undefined : resolve(cwd, values['reply-dir']),
      priority: values.priority === undefined ? undefined : parsePriority(values.priority),
      headers: (values.header ?? []).map((line) => wrap(() => parseHeaderLine(line))),
      user: values.user === undefined ? undefined : wrap(() => parseUser(values.user!)),
      suspended: values.suspended ?? false,
      json: values.json ?? false,
      dataDir: values['data-dir'],
    };
  }
  if (verb === 'list') {
    const { values, positionals } = parse('jobs', rest, {
      ...common,
      state: { type: 'string', multiple: true },
    });
    if (positionals.length > 0) fail(`unexpected argument "${positionals[0]}".`);
    const states = (values.state ?? []).flatMap((text) => text.split(',')).map(parseState);
    return {
      verb,
      states: states.length > 0 ? states : undefined,
      json: values.json ?? false,
      dataDir: values['data-dir'],
    };
  }
  if (verb === 'show') {
    const { values, positionals } = parse('jobs', rest, common);
    if (positionals.length !== 1) fail('jobs show needs one job id.');
    return { verb, id: positionals[0]!, json: values.json ?? false, dataDir: values['data-dir'] };
  }
  if (verb === 'wait') {
    const { values, positionals } = parse('jobs', rest, common);
    if (positionals.length === 0) fail('jobs wait needs at least one job id.');
    return { verb, ids: positionals, json: values.json ?? false, dataDir: values['data-dir'] };
  }
  if ((JOB_VERBS as readonly string[]).includes(verb!)) {
    const { values, positionals } = parse('jobs', rest, { ...common, all: { type: 'boolean' } });
    const all = values.all ?? false;
    if (all && positionals.length > 0) fail(`jobs ${verb} takes job ids or --all, not both.`);
    if (!all && positionals.length === 0) fail(`jobs ${verb} needs job ids or --all.`);
    return {
      verb: verb as JobVerb,
      ids: positionals,
      all,
      json: values.json ?? false,
      dataDir: values['data-dir'],
    };
  }
  return fail(`unknown jobs verb "${verb}".`);
}

/** `bits-uploader settings get | set key=value...` */
export function parseSettingsCommand(argv: string[]): SettingsCommand {
  const [verb, ...rest] = argv;
  const { values, positionals } = parse('settings', rest, common);
  const base = { json: values.json ?? false, dataDir: values['data-dir'] };
  if (verb === 'get') {
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`, 'settings');
    return { verb, ...base };
  }
  if (verb === 'set') {
    if (positionals.length === 0) throw new UsageError('settings set needs key=value.', 'settings');
    const assignments = positionals.map((text): [string, string] => {
      const eq = text.indexOf('=');
      if (eq <= 0) throw new UsageError(`"${text}" is not key=value.`, 'settings');
      return [text.slice(0, eq).trim(), text.slice(eq + 1)];
    });
    return { verb, assignments, ...base };
  }
  throw new UsageError(
    verb === undefined ? 'settings needs get or set.' : `unknown settings verb "${verb}".`,
    'settings',
  );
}

/** `bits-uploader serve [options]` */
export function parseServeArgs(argv: string[], cwd: string): ServeArgs {
  const { values, positionals } = parse('serve', argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    open: { type: 'boolean' },
    'allow-remote': { type: 'boolean' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'allow-folder': { type: 'string', multiple: true },
    'static-dir': { type: 'string' },
    'max-stage-size': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`, 'serve');
  const port = values.port === undefined ? DEFAULT_SERVE_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port must be a port number (0-65535), not "${values.port}".`, 'serve');
  }
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together.', 'serve');
  }
  const maxStage = values['max-stage-size'];
  let maxStageBytes: number | undefined;
  if (maxStage !== undefined) {
    const match = /^(\d+)\s*([kmgt]?)i?b?$/i.exec(maxStage.trim());
    if (!match)
      throw new UsageError(`--max-stage-size "${maxStage}" is not a size (e.g. 0, 500M, 20G).`, 'serve');
    maxStageBytes = Number(match[1]) * 1024 ** ' kmgt'.indexOf((match[2] || ' ').toLowerCase());
  }
  return {
    port,
    host: values.host ?? '127.0.0.1',
    dataDir: values['data-dir'],
    open: values.open ?? false,
    allowRemote: values['allow-remote'] ?? false,
    tlsCert: values['tls-cert'] === undefined ? undefined : resolve(cwd, values['tls-cert']),
    tlsKey: values['tls-key'] === undefined ? undefined : resolve(cwd, values['tls-key']),
    allowFolders: (values['allow-folder'] ?? []).map((folder) => resolve(cwd, folder)),
    staticDir: values['static-dir'] === undefined ? undefined : resolve(cwd, values['static-dir']),
    maxStageBytes,
  };
}

function parsePriority(raw: string): Priority {
  const value = raw.toLowerCase();
  if ((PRIORITIES as readonly string[]).includes(value)) return value as Priority;
  throw new UsageError(`--priority must be one of ${PRIORITIES.join(', ')} (got "${raw}").`, 'jobs');
}

function parseState(raw: string): JobState {
  const value = raw.trim().toLowerCase();
  if ((JOB_STATES as readonly string[]).includes(value)) return value as JobState;
  throw new UsageError(`--state must be one of ${JOB_STATES.join(', ')} (got "${raw}").`, 'jobs');
}
