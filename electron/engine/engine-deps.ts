import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ERROR_CONTEXT, HRESULT } from '../../shared/bits-codes.js';
import { type Clock, systemClock } from '../bits/clock.js';
import { BitsError } from '../bits/errors.js';
import { type FileSource, localFile } from '../bits/file-source.js';
import { createNodeTransport } from '../bits/http/node-transport.js';
import type { HttpTransport } from '../bits/http/transport.js';
import type { JobRecord, JobStore } from '../store/index.js';

/** Everything the engine talks to, passed in so tests can swap any of it. */
export interface EngineDeps {
  store: JobStore;
  repliesDir: string;
  clock?: Clock;
  /** A fresh transport per attempt: one keep-alive connection per session. */
  transportFor?: (job: JobRecord) => HttpTransport;
  fileFor?: (path: string) => FileSource;
  random?: () => number;
  newId?: () => string;
  /** Keep the queue without starting transfers (the CLI editing a folder no instance runs). */
  holdTransfers?: boolean;
}

export type ResolvedDeps = Required<EngineDeps>;

export function resolveDeps(deps: EngineDeps): ResolvedDeps {
  // Explicitly undefined options (a host passing its own optional fields through) mean "default".
  return {
    store: deps.store,
    repliesDir: deps.repliesDir,
    clock: deps.clock ?? systemClock,
    transportFor: deps.transportFor ?? defaultTransportFor,
    fileFor: deps.fileFor ?? localFile,
    random: deps.random ?? Math.random,
    newId: deps.newId ?? randomUUID,
    holdTransfers: deps.holdTransfers ?? false,
  };
}

function defaultTransportFor(job: JobRecord): HttpTransport {
  const caFile = job.options.caFile;
  if (!caFile) return createNodeTransport();
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
  return createNodeTransport({ tls: { ca } });
}
