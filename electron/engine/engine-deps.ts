import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { ERROR_CONTEXT, HRESULT } from '../../shared/bits-codes.js';
import type { Settings } from '../../shared/jobs.js';
import { type Clock, systemClock } from '../bits/clock.js';
import { BitsError } from '../bits/errors.js';
import { type FileSource, localFile } from '../bits/file-source.js';
import { ConnectionMemory } from '../bits/http/connection-memory.js';
import { createNodeTransport } from '../bits/http/node-transport.js';
import { sharedPacCache } from '../bits/http/pac-cache.js';
import { ProxyConfigError } from '../bits/http/proxy-config.js';
import { chooseProxyResolver } from '../bits/http/proxy-resolver.js';
import { proxyRouterFor } from '../bits/http/proxy-router.js';
import type { HttpTransport } from '../bits/http/transport.js';
import type { JobRecord, JobStore } from '../store/index.js';
import { jobTlsOptions } from './job-tls-files.js';
import type { ReplyPathPolicy } from './reply-path.js';

/** Everything the engine talks to, passed in so tests can swap any of it. */
export interface EngineDeps {
  store: JobStore;
  repliesDir: string;
  /** The data folder, whose files a reply path must never name; default: repliesDir's parent. */
  dataDir?: string;
  /** 'replies-folder-only' for hosts serving remote clients (see ReplyPathPolicy). */
  replyPathPolicy?: ReplyPathPolicy;
  clock?: Clock;
  /** A fresh transport per attempt: one keep-alive connection per session. */
  transportFor?: (job: JobRecord, settings: Settings) => HttpTransport;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY come from (default: this process's environment). */
  env?: Record<string, string | undefined>;
  fileFor?: (path: string) => FileSource;
  random?: () => number;
  newId?: () => string;
  /** Folders `add` is confined to (real paths are compared); empty or absent: any ordinary file. */
  allowedRoots?: readonly string[];
  /** Problems that are nobody's request (a failing subscriber); default: a process warning. */
  warn?: (message: string) => void;
  /** Keep the queue without starting transfers (the CLI editing a folder no instance runs). */
  holdTransfers?: boolean;
}

export type ResolvedDeps = Required<EngineDeps>;

export function resolveDeps(deps: EngineDeps): ResolvedDeps {
  // Explicitly undefined options (a host passing its own optional fields through) mean "default".
  const env = deps.env ?? process.env;
  return {
    env,
    store: deps.store,
    repliesDir: deps.repliesDir,
    dataDir: deps.dataDir ?? dirname(deps.repliesDir),
    replyPathPolicy: deps.replyPathPolicy ?? 'anywhere',
    clock: deps.clock ?? systemClock,
    transportFor: deps.transportFor ?? defaultTransports(env),
    fileFor: deps.fileFor ?? localFile,
    random: deps.random ?? Math.random,
    newId: deps.newId ?? randomUUID,
    allowedRoots: deps.allowedRoots ?? [],
    warn: deps.warn ?? ((message) => process.emitWarning(message, 'BitsUploaderWarning')),
    holdTransfers: deps.holdTransfers ?? false,
  };
}

/** Transports for the engine's attempts, sharing what they learn about hosts' connections. */
function defaultTransports(
  env: Record<string, string | undefined>,
): (job: JobRecord, settings: Settings) => HttpTransport {
  const connections = new ConnectionMemory();
  return (job, settings) => defaultTransportFor(job, settings, env, connections);
}

function defaultTransportFor(
  job: JobRecord,
  settings: Settings,
  env: Record<string, string | undefined>,
  connections: ConnectionMemory,
): HttpTransport {
  const tls = jobTlsOptions(job.options);
  return createNodeTransport({
    tls,
    connections,
    proxy: proxyRouterFor(jobProxyResolver(job, settings, env), tls),
  });
}
/** The job's proxy, else the setting's, else the environment's; a bad proxy URL stops the job plainly. */
function jobProxyResolver(job: JobRecord, settings: Settings, env: Record<string, string | undefined>) {
  const { proxy, proxyCredentials, proxyPac } = job.options;
  try {
    return chooseProxyResolver({
      job: proxy || proxyPac ? { proxy, pac: proxyPac, credentials: proxyCredentials } : undefined,
      setting: { proxy: settings.proxy, bypass: settings.proxyBypass, pac: settings.proxyPac },
      env,
      pacCache: sharedPacCache,
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
