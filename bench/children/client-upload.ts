/**
 * Child process: one upload through the protocol client (runUploadSession) with the default
 * transport, timed from the first packet to the Close-Session answer. Prints one JSON line.
 *   node client-upload.js --url <url> --file <path> [--fragment-size <bytes>]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { localFile } from '../../electron/bits/file-source.js';
import { createNodeTransport } from '../../electron/bits/http/node-transport.js';
import { runUploadSession } from '../../electron/bits/upload-session.js';
import { type ChildReport, reportMemory } from './child-report.js';

export interface ClientUploadReport extends ChildReport {
  ms: number;
  bytes: number;
  fragmentSize: number | null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, file: { type: 'string' }, 'fragment-size': { type: 'string' } },
  });
  if (!values.url || !values.file) throw new Error('--url and --file are required');
  const fragmentSize = values['fragment-size'] ? Number(values['fragment-size']) : undefined;
  const startRss = process.memoryUsage().rss;
  const transport = createNodeTransport();
  const started = performance.now();
  const outcome = await runUploadSession({
    url: values.url,
    kind: 'upload',
    file: localFile(values.file),
    transport,
    fragmentSize,
  });
  const ms = performance.now() - started;
  transport.close();
  const report: ClientUploadReport = {
    ms,
    bytes: outcome.state.acked,
    fragmentSize: fragmentSize ?? null,
    ...reportMemory(startRss),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
