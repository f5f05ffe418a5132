import { toDisplayJson } from '../../shared/display-text.js';
import { checkEndpoint } from '../bits/check-endpoint.js';
import { sharedPacCache } from '../bits/http/pac-cache.js';
import { chooseProxyResolver } from '../bits/http/proxy-resolver.js';
import { routeWords, SETTING_SOURCE_WORDS } from '../bits/http/proxy-route-words.js';
import { proxyRouterFor } from '../bits/http/proxy-router.js';
import type { TlsOptions } from '../bits/http/transport.js';
import type { CheckArgs } from './args.js';
import { renderCheckReport } from './check-render.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { InterruptGate } from './interrupt-gate.js';
import {
  connectionWarnings,
  readCaFile,
  resolveClientCert,
  resolveCredentials,
  resolveProxyCredentials,
} from './local-checks.js';

/** The CLI names its own flag where the desktop would say "the job's proxy". */
const CLI_SOURCE_WORDS = { ...SETTING_SOURCE_WORDS, job: '--proxy' };

/** `bits-uploader check <url>`: Ping, Create-Session, Cancel-Session; exit 0 when usable. */
export async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  const ca = args.caFile ? await readCaFile(args.caFile, 'check') : undefined;
  for (const warning of connectionWarnings(args.url, args.headers, args.user)) {
    io.stderr.write(`Warning: ${warning}\n`);
  }
  const credentials = await resolveCredentials(args.user, io, 'check');
  const proxyCredentials = await resolveProxyCredentials(args.proxyUser, io, 'check');
  const clientCert = await resolveClientCert(args.clientCert, io, 'check');
  const tls: TlsOptions = {
    ...clientCert?.tls,
    ...(ca ? { ca } : {}),
    ...(args.pins ? { pins: args.pins } : {}),
  };
  // --proxy or --proxy-pac, else the environment (check opens no data folder, so the proxy
  // setting is not read).
  const proxy = proxyRouterFor(
    chooseProxyResolver({
      job:
        args.proxy || args.proxyPac
          ? { proxy: args.proxy, pac: args.proxyPac, credentials: proxyCredentials }
          : undefined,
      env: io.env,
      pacCache: sharedPacCache,
    }),
    tls,
  );
  const transport = io.createTransport({ ca, proxy, tls });
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
    const route = proxy.routeOf(new URL(args.url).origin);
    if (route) report.proxy = routeWords(route, CLI_SOURCE_WORDS);
    io.stdout.write(args.json ? `${toDisplayJson(report)}\n` : renderCheckReport(report));
    return report.ok ? EXIT.ok : EXIT.failed;
  } finally {
    gate.release();
    transport.close();
  }
}
