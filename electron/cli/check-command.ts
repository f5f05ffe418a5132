import { toDisplayJson } from '../../shared/display-text.js';
import { checkEndpoint } from '../bits/check-endpoint.js';
import type { CheckArgs } from './args.js';
import { renderCheckReport } from './check-render.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { InterruptGate } from './interrupt-gate.js';
import { connectionWarnings, readCaFile, resolveCredentials } from './local-checks.js';

/** `bits-uploader check <url>`: Ping, Create-Session, Cancel-Session; exit 0 when usable. */
export async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  const ca = args.caFile ? await readCaFile(args.caFile, 'check') : undefined;
  for (const warning of connectionWarnings(args.url, args.headers, args.user)) {
    io.stderr.write(`Warning: ${warning}\n`);
  }
  const credentials = await resolveCredentials(args.user, io, 'check');
  const transport = io.createTransport({ ca });
  const abort = new AbortController();
  const gate = new InterruptGate(io);
  void gate.signal.then(() => abort.abort(new Error('interrupted')));
  try {
    const report = await checkEndpoint({
      url: args.url,
      transport,
      auth: { headers: args.headers, credentials },
      signal: abort.signal,
    });
    if (gate.interrupted) {
      io.stderr.write('Interrupted.\n');
      return EXIT.interrupted;
    }
    io.stdout.write(args.json ? `${toDisplayJson(report)}\n` : renderCheckReport(report));
    return report.ok ? EXIT.ok : EXIT.failed;
  } finally {
    gate.release();
    transport.close();
  }
}
