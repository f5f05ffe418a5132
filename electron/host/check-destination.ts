import { readFile } from 'node:fs/promises';
import { type ClientCert, CoreError } from '../../shared/contract/core-api.js';
import type { CheckResult } from '../../shared/contract/host-api.js';
import type { Settings } from '../../shared/jobs.js';
import { type CheckReport, checkEndpoint } from '../bits/check-endpoint.js';
import { DestinationError } from '../bits/destination.js';
import { clientCertProblem } from '../bits/http/client-cert.js';
import { sharedPacCache } from '../bits/http/pac-cache.js';
import { ProxyConfigError } from '../bits/http/proxy-config.js';
import { chooseProxyResolver, type ProxyResolver } from '../bits/http/proxy-resolver.js';
import { routeWords } from '../bits/http/proxy-route-words.js';
import { type ProxyRouter, proxyRouterFor } from '../bits/http/proxy-router.js';
import type { HttpTransport, TlsOptions } from '../bits/http/transport.js';

export interface CheckDestinationRequest {
  url: string;
  headers: Array<[string, string]>;
  credentials?: { user: string; password: string };
  caFile?: string;
  clientCert?: ClientCert;
  pins?: string[];
}

/** How a check reaches the network: the proxy settings jobs use, and the host's HTTP. */
export interface CheckNetwork {
  settings: Pick<Settings, 'proxy' | 'proxyBypass' | 'proxyPac'>;
  env: Record<string, string | undefined>;
  createTransport(options: { tls: TlsOptions; proxy: ProxyRouter }): HttpTransport;
}

/**
 * destinations:check: the CLI's preflight (Ping, Create-Session, Cancel-Session) as plain data,
 * through the proxy a job for this URL would take (the proxy setting, its PAC file, or the
 * environment), so "Test" answers for the same path the uploads will use, and says which it was.
 */
export async function checkDestination(
  request: CheckDestinationRequest,
  network: CheckNetwork,
): Promise<CheckResult> {
  const tls: TlsOptions = request.clientCert ? await readClientCert(request.clientCert) : {};
  if (request.caFile) tls.ca = await readCa(request.caFile);
  if (request.pins) tls.pins = request.pins;
  const proxy = proxyRouterFor(settingsProxyResolver(network), tls);
  const transport = network.createTransport({ tls, proxy });
  try {
    const report = await checkEndpoint({
      url: request.url,
      transport,
      auth: { headers: request.headers, credentials: request.credentials },
    });
    // As the CLI's check does: the route goes on the report, and toCheckResult carries it over.
    const route = proxy.routeOf(new URL(request.url).origin);
    if (route) report.proxy = routeWords(route);
    return toCheckResult(report);
  } catch (error) {
    if (error instanceof DestinationError) throw new CoreError('invalid-input', error.message);
    throw error;
  } finally {
    transport.close();
  }
}

/** The choice a job without a proxy of its own gets (engine-deps.ts); a bad setting is the caller's to fix. */
function settingsProxyResolver({ settings, env }: CheckNetwork): ProxyResolver {
  try {
    return chooseProxyResolver({
      setting: { proxy: settings.proxy, bypass: settings.proxyBypass, pac: settings.proxyPac },
      env,
      pacCache: sharedPacCache,
    });
  } catch (error) {
    if (error instanceof ProxyConfigError) throw new CoreError('invalid-input', error.message);
    throw error;
  }
}

/** The report without its raw evidence: requests and answers stay in the host's logs. */
export function toCheckResult(report: CheckReport): CheckResult {
  const result: CheckResult = {
    ok: report.ok,
    url: report.url,
    steps: report.steps.map((step) => ({ ...step })),
  };
  if (report.auth) result.auth = report.auth;
  if (report.proxy) result.proxy = report.proxy;
  if (report.problem) {
    const { kind, message, hint, httpStatus, code } = report.problem;
    result.problem = { kind, message, hint, httpStatus, code };
  }
  return result;
}

async function readClientCert(cert: ClientCert): Promise<TlsOptions> {
  const read = (path: string) =>
    readFile(path).catch((error: Error) => {
      throw new CoreError('invalid-input', `Cannot read the certificate file ${path}: ${error.message}`);
    });
  const tls: TlsOptions = {};
  if (cert.pfxFile) tls.pfx = await read(cert.pfxFile);
  if (cert.certFile) tls.cert = (await read(cert.certFile)).toString('utf8');
  if (cert.keyFile) tls.key = (await read(cert.keyFile)).toString('utf8');
  if (cert.passphrase) tls.passphrase = cert.passphrase;
  const problem = clientCertProblem(tls, cert.pfxFile ?? cert.certFile ?? '');
  if (problem) throw new CoreError('invalid-input', problem.message);
  return tls;
}

async function readCa(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CoreError('invalid-input', `Cannot read the CA file ${path}: ${(error as Error).message}`);
  }
}
