#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCommandLine, UsageError } from './args.js';
import { runCheck } from './check-command.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { helpText } from './help.js';
import { InterruptedError } from './interrupt-gate.js';
import { runRemoteCommand } from './remote-main.js';
import { runUpload } from './upload-command.js';
import { readVersion } from './version.js';

/** Runs `bits-uploader` with these arguments (without node and script path); resolves with the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const remote = await runRemoteCommand(argv, io);
    if (remote !== undefined) return remote;
    const parsed = parseCommandLine(argv, io.cwd);
    switch (parsed.kind) {
      case 'help':
        io.stdout.write(helpText(parsed.topic));
        return EXIT.ok;
      case 'version':
        io.stdout.write(`${readVersion()}\n`);
        return EXIT.ok;
      case 'upload':
        return await runUpload(parsed.args, io);
      case 'check':
        return await runCheck(parsed.args, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const help = error.command ? `bits-uploader ${error.command} --help` : 'bits-uploader --help';
      io.stderr.write(`bits-uploader: ${error.message}\nRun "${help}" for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof InterruptedError) {
      io.stderr.write('Interrupted.\n');
      return EXIT.interrupted;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`bits-uploader: unexpected failure: ${detail}\n`);
    return EXIT.failed;
  }
}

/** The process entry: real IO, then exit with main's code once output is flushed. */
export async function runCli(): Promise<void> {
  const { createProcessIo } = await import('./process-io.js');
  // The engine's timers are unref'd; this keeps the process alive while main awaits them.
  const keepAlive = setInterval(() => undefined, 60_000);
  const code = await main(process.argv.slice(2), createProcessIo());
  clearInterval(keepAlive);
  // Let piped output drain before exiting (pipes are asynchronous on Windows).
  await Promise.all(
    [process.stdout, process.stderr].map(
      (stream) => new Promise<void>((resolve) => stream.write('', () => resolve())),
    ),
  );
  process.exit(code);
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    // npm installs bins as symlinks: compare real paths.
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) void runCli();
