import path from 'node:path';
import type { AddJobInput } from '../../shared/contract/core-api.js';

/**
 * First words that make the app's executable act as the `bits-uploader` command (the deb puts
 * it on the PATH); everything else opens the window. Run-as-node is fused off, so this is how
 * the packaged app offers the CLI.
 */
export const CLI_WORDS: ReadonlySet<string> = new Set([
  'upload',
  'check',
  'jobs',
  'settings',
  'serve',
  /** Desktop only (main.ts): writes the keychain-held key as serve's plain key file (SECRETS.md). */
  'export-key',
  'help',
  '--help',
  '-h',
  '--version',
  '-V',
]);

/** A launch holds at most this many file arguments (a shell glob gone wrong should not freeze the app). */
export const MAX_FILE_ARGS = 10_000;

export type Launch =
  | { kind: 'cli'; args: string[] }
  | { kind: 'window'; files: string[]; url?: string; dropped: number };

export interface LaunchContext {
  /** False under `electron .`, where argv[1] is the app folder rather than a user argument. */
  isPackaged: boolean;
  /** The launching shell's working directory (the second instance's, for second-instance). */
  cwd: string;
}

/** What a launch (first or second instance) asks for: the CLI, or the window with files to add. */
export function parseLaunch(argv: readonly string[], context: LaunchContext): Launch {
  const args = argv.slice(context.isPackaged ? 1 : 2);
  if (args[0] !== undefined && CLI_WORDS.has(args[0])) return { kind: 'cli', args };
  const files: string[] = [];
  let url: string | undefined;
  let dropped = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--url') {
      url = args[++i];
      continue;
    }
    if (arg.startsWith('--url=')) {
      url = arg.slice('--url='.length);
      continue;
    }
    // Chromium and Electron add their own switches to the second instance's argv: skip them all.
    if (arg.startsWith('-') || arg.trim() === '') continue;
    if (files.length >= MAX_FILE_ARGS) {
      dropped++;
      continue;
    }
    files.push(path.resolve(context.cwd, arg));
  }
  return url === undefined || url === ''
    ? { kind: 'window', files, dropped }
    : { kind: 'window', files, url, dropped };
}

/** The jobs a launch's files become; none without a destination URL (the window asks for one). */
export function launchJobs(launch: Extract<Launch, { kind: 'window' }>): AddJobInput[] {
  if (launch.url === undefined) return [];
  const url = launch.url;
  return launch.files.map((filePath) => ({
    filePath,
    // A folder URL (ending in /) takes each file's name; otherwise it names the one file.
    url: url.endsWith('/') ? `${url}${encodeURIComponent(path.basename(filePath))}` : url,
  }));
}
