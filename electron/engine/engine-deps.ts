import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ERROR_CONTEXT, HRESULT } from '../../shared/bits-codes.js';
import type { Settings } from '../../shared/jobs.js';
import { type Clock, systemClock } from '../bits/clock.js';
import { BitsError } from '../bits/errors.js';
import { type FileSource, localFile } from '../bits/file-source.js';
import { createNodeTransport } from '../bits/http/node-transport.js';
import { ProxyConfigError } from '../bits/http/proxy-config.js';
import { chooseProxyResolver } from '../bits/http/proxy-resolver.js';
import { proxyRouterFor } from '../bits/http/proxy-router.js';
import type { HttpTransport } from '../bits/http/transport.js';
import type { JobRecord, JobStore } from '../store/index.js';

/** Everything the engine talks to, passed in so tests can swap any of it. */
export interface EngineDeps {
  store: JobStore;
  repliesDir: string;
  clock?: Clock;
  /** A fresh transport per attempt: one keep-alive connection per session. */
  transportFor?: (job: JobRecord, settings: Settings) => HttpTransport;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY come from (default: this process's environment). */
  env?: Record<string, string | undefined>;
  fileFor?: (path: string) => FileSource;
  random?: () => number;
  newId?: () => string;
}

export type ResolvedDeps = Required<EngineDeps>;

export function resolveDeps(deps: EngineDeps): ResolvedDeps {
  // Explicitly undefined options (a host passing its own optional fields through) mean "default".
  const env = deps.env ?? process.env;
  return {
    env,
    store: deps.store,
    repliesDir: deps.repliesDir,
    clock: deps.clock ?? systemClock,
    transportFor: deps.transportFor ?? ((job, settings) => defaultTransportFor(job, settings, env)),
    fileFor: deps.fileFor ?? localFile,
    random: deps.random ?? Math.random,
    newId: deps.newId ?? randomUUID,
  };
}

function defaultTransportFor(
  job: JobRecord,
  settings: Settings,
  env: Record<string, string | undefined>,
): HttpTransport {
  const caFile = job.options.caFile;
  const tls = caFile ? { ca: readCa(caFile) } : undefined;
  return createNodeTransport({ tls, proxy: proxyRouterFor(jobProxyResolver(job, settings, env), tls) });
}

/** The job's proxy, else the setting's, else the environment's; a bad proxy URL stops the job plainly. */
function jobProxyResolver(job: JobRecord, settings: Settings, env: Record<string, string | undefined>) {
  const { proxy, proxyCredentials } = job.options;
  try {
    return chooseProxyResolver({
      job: proxy ? { proxy, credentials: proxyCredentials } : undefined,
      setting: { proxy: settings.proxy, bypass: settings.proxyBypass },
      env,
    });
  } catch (error) {
    if (!(error instanceof ProxyConfigError)) throw error;
    throw new BitsError(error.message, {
      code: HRESULT.E_FAIL,
      context: ERROR_CONTEXT.GENERAL_TRANSPORT,
      classification: 'fatal',
      phase: 'upload',
      hint: 'Correct the proxy (the job’s proxy, the proxy setting, or HTTPS_PROXY / HTTP_PROXY), then resume the job.',
      cause: error,
    });
  }
}

function readCa(caFile: string): string {
  let ca: string;
  try {
    ca = readFileSync(caFile, 'utf8');
  } catch (error) {
    // Retrying cannot bring a missing certificate back: say so once, plainly.
    throw new BitsError(`The CA certificate file ${caFile} cannot be read (${(error as Error).message}).`, {
      code: HRESULT.E_FAIL,
      context: ERROR_CONTEXT.LOCAL_FILE,
      classification: 'fatal',
      phase: 'local-file',
      hint: 'Put the certificate file back, or change the job to use another one.',
      cause: error,
    });
  }
  return ca;
}
