import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ERROR_CONTEXT, HRESULT } from '../../shared/bits-codes.js';
import { type Clock, systemClock } from '../bits/clock.js';
import { BitsError } from '../bits/errors.js';
import { type FileSource, localFile } from '../bits/file-source.js';
import { ConnectionMemory } from '../bits/http/connection-memory.js';
import { createNodeTransport } from '../bits/http/node-transport.js';
import type { HttpTransport } from '../bits/http/transport.js';
import type { JobRecord, JobStore } from '../store/index.js';
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
  transportFor?: (job: JobRecord) => HttpTransport;
  fileFor?: (path: string) => FileSource;
  random?: () => number;
  newId?: () => string;
  /** Folders `add` is confined to (real paths are compared); empty or absent: any ordinary file. */
  allowedRoots?: readonly string[];
  /** Problems that are nobody's request (a failing subscriber); default: a process warning. */
  warn?: (message: string) => void;
}

export type ResolvedDeps = Required<EngineDeps>;

export function resolveDeps(deps: EngineDeps): ResolvedDeps {
  // Explicitly undefined options (a host passing its own optional fields through) mean "default".
  return {
    store: deps.store,
    repliesDir: deps.repliesDir,
    dataDir: deps.dataDir ?? dirname(deps.repliesDir),
    replyPathPolicy: deps.replyPathPolicy ?? 'anywhere',
    clock: deps.clock ?? systemClock,
    transportFor: deps.transportFor ?? defaultTransports(),
    fileFor: deps.fileFor ?? localFile,
    random: deps.random ?? Math.random,
    newId: deps.newId ?? randomUUID,
    allowedRoots: deps.allowedRoots ?? [],
    warn: deps.warn ?? ((message) => process.emitWarning(message, 'BitsUploaderWarning')),
  };
}

/** Transports for the engine's attempts, sharing what they learn about hosts' connections. */
function defaultTransports(): (job: JobRecord) => HttpTransport {
  const connections = new ConnectionMemory();
  return (job) => defaultTransportFor(job, connections);
}

function defaultTransportFor(job: JobRecord, connections: ConnectionMemory): HttpTransport {
  const caFile = job.options.caFile;
  if (!caFile) return createNodeTransport({ connections });
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
  return createNodeTransport({ tls: { ca }, connections });
}
