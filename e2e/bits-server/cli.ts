/**
 * Runs the reference server standalone (benchmarks, manual tests). Prints one JSON line
 * {"origin": ...} once listening; stops on SIGTERM/SIGINT.
 */
import { readFile } from 'node:fs/promises';
import { parseCliArgs } from './cli-args.js';
import { startBitsServer } from './server.js';

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    process.exitCode = 2;
    return;
  }
  const options = parsed.options;
  if (parsed.tlsFiles) {
    options.tls = {
      key: await readFile(parsed.tlsFiles.key, 'utf8'),
      cert: await readFile(parsed.tlsFiles.cert, 'utf8'),
    };
  }
  const server = await startBitsServer(options);
  for (const fault of parsed.faults ?? []) server.faults.add(fault);
  // Nobody reads the request log of a standalone server; a long benchmark must not grow it forever.
  setInterval(() => server.log.splice(0), 10_000).unref();
  process.stdout.write(`${JSON.stringify({ origin: server.origin })}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`bits-server: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
