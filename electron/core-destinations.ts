import { resolve } from 'node:path';
import { type ClientCert, CoreError } from '../shared/contract/core-api.js';
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

    remove(id: string): { removed: string[] } {
      const parsed = DestinationIdSchema.parse(id);
      return { removed: store.deleteDestination(parsed) ? [parsed] : [] };
    },
  };
}
