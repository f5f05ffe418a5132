import { z } from 'zod';
import { CredentialsSchema } from '../../shared/contract/core-api.js';
import { HeaderSchema } from '../../shared/jobs.js';

export type Header = z.infer<typeof HeaderSchema>;
export type Credentials = z.infer<typeof CredentialsSchema>;

/** A destination's secret parts: header values and credentials. */
export interface DestinationSecrets {
  headers: Header[];
  credentials?: Credentials;
}

const HeadersSchema = z.array(HeaderSchema);

/*
 * The one seam for a destination's secrets at rest: today they are stored as JSON, the same way
 * jobs' headers_json / credentials_json are. Routing them through the job-secret encryption means
 * changing these two functions only.
 */
export function encodeDestinationSecrets(secrets: DestinationSecrets): {
  headers_json: string;
  credentials_json: string | null;
} {
  return {
    headers_json: JSON.stringify(secrets.headers),
    credentials_json: secrets.credentials ? JSON.stringify(secrets.credentials) : null,
  };
}

/** Undefined when the stored text cannot be read (the caller reports it). */
export function decodeDestinationSecrets(row: {
  headers_json: string;
  credentials_json: string | null;
}): DestinationSecrets | undefined {
  try {
    const headers = HeadersSchema.parse(JSON.parse(row.headers_json));
    if (row.credentials_json === null) return { headers };
    return { headers, credentials: CredentialsSchema.parse(JSON.parse(row.credentials_json)) };
  } catch {
    return undefined;
  }
}
