import { resolve } from 'node:path';
import { type AddJobRequest, type ClientCert, CoreError } from '../shared/contract/core-api.js';
import {
  type Destination,
  DestinationIdSchema,
  type SaveDestinationInput,
  SaveDestinationInputSchema,
} from '../shared/contract/host-api.js';
import { DestinationError, parseDestination } from './bits/destination.js';
import type { DestinationRecord, JobStore } from './store/index.js';

/** What hosts see of a saved destination: never a header value or a password. */
export function toDestination(record: DestinationRecord): Destination {
  const destination: Destination = {
    id: record.id,
    name: record.name,
    url: record.url,
    type: record.type,
    headerNames: record.headers.map(([name]) => name),
    hasCredentials: record.credentials !== undefined,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  if (record.fragmentSize !== undefined) destination.fragmentSize = record.fragmentSize;
  if (record.clientCert) {
    const { passphrase, ...files } = record.clientCert;
    destination.clientCert = { ...files, hasPassphrase: passphrase !== undefined };
  }
  if (record.pins) destination.pins = [...record.pins];
  return destination;
}

/** Certificate files as absolute paths (checked when a job or check uses them); '' passphrase: none. */
function storedClientCert(cert: ClientCert | null): DestinationRecord['clientCert'] {
  if (!cert) return undefined;
  const stored: NonNullable<DestinationRecord['clientCert']> = {};
  if (cert.certFile) stored.certFile = resolve(cert.certFile);
  if (cert.keyFile) stored.keyFile = resolve(cert.keyFile);
  if (cert.pfxFile) stored.pfxFile = resolve(cert.pfxFile);
  if (cert.passphrase) stored.passphrase = cert.passphrase;
  return stored;
}

/** What a saved destination adds to a job: never sent to a client. */
export interface DestinationAuth {
  /** The saved URL: its secrets go to its origin only. */
  url: string;
  headers: Array<[string, string]>;
  credentials?: { user: string; password: string };
  fragmentSize?: number;
  clientCert?: ClientCert;
  pins?: string[];
}

/** The core's saved-destination commands over the store (validated, names unique). */
export function destinationCommands(store: JobStore, now: () => number) {
  return {
    list: (): Destination[] => store.listDestinations().map(toDestination),

    save(input: SaveDestinationInput): Destination {
      const request = SaveDestinationInputSchema.parse(input);
      try {
        parseDestination(request.url);
      } catch (error) {
        if (error instanceof DestinationError) throw new CoreError('invalid-input', error.message);
        throw error;
      }
      return store.transaction(() => {
        const existing = request.id ? store.getDestination(request.id) : undefined;
        if (request.id && !existing) {
          throw new CoreError('not-found', `There is no saved destination with id ${request.id}.`);
        }
        const clash = store.findDestinationByName(request.name);
        if (clash && clash.id !== request.id) {
          throw new CoreError(
            'exists',
            `A destination named “${request.name}” already exists.`,
            'Choose another name, or change that destination.',
          );
        }
        const credentials =
          request.credentials === undefined ? existing?.credentials : (request.credentials ?? undefined);
        const fragmentSize =
          request.fragmentSize === undefined ? existing?.fragmentSize : (request.fragmentSize ?? undefined);
        const clientCert =
          request.clientCert === undefined ? existing?.clientCert : storedClientCert(request.clientCert);
        const pins = request.pins === undefined ? existing?.pins : (request.pins ?? undefined);
        const saved = store.putDestination(
          {
            id: request.id,
            name: request.name,
            url: request.url,
            type: request.type,
            headers: request.headers ?? existing?.headers ?? [],
            ...(credentials ? { credentials } : {}),
            ...(fragmentSize !== undefined ? { fragmentSize } : {}),
            ...(clientCert ? { clientCert } : {}),
            ...(pins ? { pins } : {}),
          },
          now(),
        );
        return toDestination(saved);
      });
    },

    /** A destination's secrets, for work this process does itself (jobs:add, destinations:check). */
    secrets(id: string): DestinationAuth {
      const record = store.getDestination(DestinationIdSchema.parse(id));
      if (!record) {
        throw new CoreError(
          'not-found',
          'The saved destination chosen no longer exists.',
          'Pick another destination, or save this one again.',
        );
      }
      if (record.damaged) {
        throw new CoreError(
          'invalid-state',
          `The saved headers or password of “${record.name}” cannot be read.`,
          'Edit the destination and enter them again.',
        );
      }
      return {
        url: record.url,
        headers: record.headers,
        ...(record.credentials ? { credentials: record.credentials } : {}),
        ...(record.fragmentSize !== undefined ? { fragmentSize: record.fragmentSize } : {}),
        ...(record.clientCert ? { clientCert: { ...record.clientCert } } : {}),
        ...(record.pins ? { pins: [...record.pins] } : {}),
      };
    },

    /** A job input with its destination's settings (headers, credentials, fragment size, certificate, pins) filled in where the input gives none. */
    applyTo(request: AddJobRequest): AddJobRequest {
      const { destinationId, ...job } = request;
      if (destinationId === undefined) return job;
      const saved = this.secrets(destinationId);
      assertSameOrigin(job.url, saved.url);
      return {
        ...job,
        headers: job.headers.length > 0 ? job.headers : saved.headers,
        ...((job.credentials ?? saved.credentials)
          ? { credentials: job.credentials ?? saved.credentials }
          : {}),
        ...((job.fragmentSize ?? saved.fragmentSize)
          ? { fragmentSize: job.fragmentSize ?? saved.fragmentSize }
          : {}),
        // The certificate and pins belong to the server: the job's own win, else the saved ones.
        ...((job.clientCert ?? saved.clientCert) ? { clientCert: job.clientCert ?? saved.clientCert } : {}),
        ...((job.pins ?? saved.pins) ? { pins: job.pins ?? saved.pins } : {}),
      };
    },

    remove(id: string): { removed: string[] } {
      const parsed = DestinationIdSchema.parse(id);
      return { removed: store.deleteDestination(parsed) ? [parsed] : [] };
    },
  };
}

/**
 * A saved destination's headers and password go to its own origin only: a client that may
 * add jobs (a browser on serve) must not be able to send them to a server of its choosing.
 */
export function assertSameOrigin(url: string, savedUrl: string): void {
  const origin = (text: string) => {
    try {
      return new URL(text).origin;
    } catch {
      return undefined;
    }
  };
  const wanted = origin(savedUrl);
  if (origin(url) !== wanted) {
    throw new CoreError(
      'not-allowed',
      `The saved destination’s headers and password are sent to ${wanted} only, not to ${url}.`,
      'Pick no saved destination for this URL, or save one for it.',
    );
  }
}
