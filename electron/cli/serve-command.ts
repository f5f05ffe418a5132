import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreError } from '../../shared/contract/core-api.js';
import { DEFAULT_MAX_STAGE_BYTES, ServeConfigError, startServe } from '../server/serve.js';
import { UsageError } from './args.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import type { ServeArgs } from './remote-args.js';
import { readVersion } from './version.js';

/** dist/renderer beside the compiled CLI (dist/electron/cli/), or in dist/ when run from sources. */
export function defaultStaticDir(moduleUrl: string = import.meta.url): string {
  const here = dirname(fileURLToPath(moduleUrl));
  const fromBuild = join(here, '..', '..', 'renderer');
  return existsSync(join(fromBuild, 'index.html')) ? fromBuild : join(here, '..', '..', 'dist', 'renderer');
}

/**
 * `bits-uploader serve`: runs the core headless with the browser UI, until SIGINT/SIGTERM;
 * then it stops accepting, stops the engine (transfers resume at the next start) and exits 0.
 */
export async function runServe(args: ServeArgs, io: CliIo): Promise<number> {
  const staticDir = args.staticDir ?? defaultStaticDir();
  let running: Awaited<ReturnType<typeof startServe>>;
  try {
    running = await startServe({
      core: { dataDir: args.dataDir, env: io.env as NodeJS.ProcessEnv },
      host: args.host,
      port: args.port,
      allowRemote: args.allowRemote,
      staticDir,
      tls: args.tlsCert && args.tlsKey ? { certFile: args.tlsCert, keyFile: args.tlsKey } : undefined,
      allowFolders: args.allowFolders,
      maxStageBytes: args.maxStageBytes ?? DEFAULT_MAX_STAGE_BYTES,
      version: readVersion(),
      log: (error) =>
        io.stderr.write(
          `bits-uploader serve: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        ),
    });
  } catch (error) {
    if (error instanceof ServeConfigError) throw new UsageError(error.message, 'serve');
    if (error instanceof CoreError && error.code === 'locked') {
      io.stderr.write(
        `bits-uploader: ${error.message}\nStop the other BITS Uploader, or give this one its own folder with --data-dir.\n`,
      );
      return EXIT.locked;
    }
    if (error instanceof CoreError) {
      io.stderr.write(`bits-uploader: ${error.message}\n`);
      return EXIT.localFile;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      io.stderr.write(
        `bits-uploader: cannot listen on ${args.host}:${args.port} (${code}).\nChoose another --port or --host.\n`,
      );
      return EXIT.usage;
    }
    if (code === 'ENOENT' && (args.tlsCert || args.tlsKey)) {
      io.stderr.write(`bits-uploader: cannot read the TLS certificate or key: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  for (const warning of running.warnings) io.stderr.write(`Warning: ${warning}\n`);
  if (!existsSync(join(staticDir, 'index.html'))) {
    io.stderr.write(
      `Warning: the browser UI is not built (no ${join(staticDir, 'index.html')}); the API works. Run npm run build.\n`,
    );
  }
  io.stdout.write(`BITS Uploader is serving ${running.core.dataDir} at ${running.url}\n`);
  if (args.open) openBrowser(running.url, io);

  await new Promise<void>((resolve) => {
    const release = io.onInterrupt(() => {
      release();
      resolve();
    });
  });
  io.stderr.write('Stopping: transfers resume at the next start.\n');
  await running.close();
  return EXIT.ok;
}

function openBrowser(url: string, io: CliIo): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => io.stderr.write('Could not open a browser: open the URL above yourself.\n'));
  child.unref();
}
