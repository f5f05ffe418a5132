/**
 * Child process: one upload through the protocol client (runUploadSession) with the default
 * transport, timed from the Create-Session request to the Close-Session answer.
 *   node client-upload.js --url <url> --file <path> [--fragment-size <bytes>] [--noop-throttle] [--no-digest]
 * --noop-throttle passes an inactive bandwidth throttle, as the engine does when no limit is
 * set: it shows what merely having the throttle port costs (nothing is sliced while inactive).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { localFile } from '../../electron/bits/file-source.js';
import { createNodeTransport } from '../../electron/bits/http/node-transport.js';
import { runUploadSession } from '../../electron/bits/upload-session.js';
import { type ChildReport, readMeter, runChild, startMeter } from './child-report.js';

export interface ClientUploadReport extends ChildReport {
  ms: number;
  bytes: number;
}

runChild(async (): Promise<ClientUploadReport> => {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      file: { type: 'string' },
      'fragment-size': { type: 'string' },
      'noop-throttle': { type: 'boolean' },
      // Leaves out the streaming SHA-256 (what the digest costs is the difference).
      'no-digest': { type: 'boolean' },
    },
  });
  if (!values.url || !values.file) throw new Error('--url and --file are required');
  const fragmentSize = values['fragment-size'] ? Number(values['fragment-size']) : undefined;
  const transport = createNodeTransport();
  const meter = startMeter();
  const started = performance.now();
  const outcome = await runUploadSession({
    url: values.url,
    kind: 'upload',
    file: localFile(values.file),
    transport,
    fragmentSize,
    ...(values['no-digest'] ? { digest: false as const } : {}),
    ...(values['noop-throttle'] ? { throttle: { active: () => false, consume: async () => {} } } : {}),
  });
  const ms = performance.now() - started;
  const report = { ms, bytes: outcome.state.acked, ...readMeter(meter) };
  transport.close();
  return report;
});
