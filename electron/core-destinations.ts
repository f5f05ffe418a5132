import { CoreError } from '../shared/contract/core-api.js';
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
  return destination;
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
        const saved = store.putDestination(
          {
            id: request.id,
            name: request.name,
            url: request.url,
            type: request.type,
            headers: request.headers ?? existing?.headers ?? [],
            ...(credentials ? { credentials } : {}),
            ...(fragmentSize !== undefined ? { fragmentSize } : {}),
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
