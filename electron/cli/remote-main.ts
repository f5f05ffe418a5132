import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { runJobs } from './jobs-command.js';
import { parseJobsCommand, parseServeArgs, parseSettingsCommand } from './remote-args.js';
import { JOBS_HELP, SERVE_HELP, SETTINGS_HELP } from './remote-help.js';
import { runServe } from './serve-command.js';
import { runSettings } from './settings-command.js';

const HELP: Record<string, string> = { serve: SERVE_HELP, jobs: JOBS_HELP, settings: SETTINGS_HELP };

/** `serve`, `jobs` and `settings`; undefined for any other command (main handles it). */
export async function runRemoteCommand(argv: string[], io: CliIo): Promise<number | undefined> {
  const [first, ...rest] = argv;
  if (first === 'help' && rest[0] !== undefined && Object.hasOwn(HELP, rest[0])) {
    io.stdout.write(HELP[rest[0]]!);
    return EXIT.ok;
  }
  if (first === undefined || !Object.hasOwn(HELP, first)) return undefined;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(HELP[first]!);
    return EXIT.ok;
  }
  if (first === 'serve') return runServe(parseServeArgs(rest, io.cwd), io);
  if (first === 'jobs') return runJobs(parseJobsCommand(rest, io.cwd), io);
  return runSettings(parseSettingsCommand(rest), io);
}
