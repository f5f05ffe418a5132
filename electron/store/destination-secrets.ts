import { z } from 'zod';
import { CredentialsSchema } from '../../shared/contract/core-api.js';
import { HeaderSchema } from '../../shared/jobs.js';
import { type SecretBox, SecretUnreadableError } from './secret-box.js';

export type Header = z.infer<typeof HeaderSchema>;
export type Credentials = z.infer<typeof CredentialsSchema>;

/** A destination's secret parts: header values and credentials. */
export interface DestinationSecrets {
  headers: Header[];
  credentials?: Credentials;
}

interface SecretColumns {
  headers_json: string;
  credentials_json: string | null;
}

const PlainHeadersSchema = z.array(HeaderSchema);
// Sealed rows have their own shape (an object, `sealedPassword`), so a plain row from before
// sealing can never be mistaken for a sealed one, whatever its values look like.
const SealedHeadersSchema = z.object({
  sealed: z.literal(1),
  headers: z.array(z.tuple([z.string(), z.string()])),
});
const SealedCredentialsSchema = z.object({ user: z.string(), sealedPassword: z.string() });

/** The slot (associated data) of one value: destination id + which value. */
const slotOf = (id: string, what: string) => `destination\u0000${id}\u0000${what}`;
const headerSlot = (id: string, name: string) => slotOf(id, `header:${name}`);
const passwordSlot = (id: string) => slotOf(id, 'password');

/**
 * Seals header values and the password (names and the user stay readable, as for jobs). An
 * empty header value needs no secrecy. Throws the box's CoreError when no key is at hand.
 */
export function encodeDestinationSecrets(
  id: string,
  secrets: DestinationSecrets,
  box: SecretBox,
): SecretColumns {
  const headers = secrets.headers.map(([name, value]) => [
    name,
    value === '' ? '' : box.seal(value, headerSlot(id, name)),
  ]);
  return {
    headers_json: JSON.stringify({ sealed: 1, headers }),
    credentials_json: secrets.credentials
      ? JSON.stringify({
          user: secrets.credentials.user,
          sealedPassword: box.seal(secrets.credentials.password, passwordSlot(id)),
        })
      : null,
  };
}

export interface DecodedSecrets {
  secrets: DestinationSecrets;
  /** True when the row still holds plain text from before sealing (re-seal it). */
  plain: boolean;
}

/** Undefined when the stored text cannot be read or opened with this key (the caller reports it). */
export function decodeDestinationSecrets(
  id: string,
  row: SecretColumns,
  box: SecretBox,
): DecodedSecrets | undefined {
  try {
    let plain = false;
    const open = (sealed: string, slot: string) => (sealed === '' ? '' : box.open(sealed, slot));
    const storedHeaders: unknown = JSON.parse(row.headers_json);
    let headers: Header[];
    if (Array.isArray(storedHeaders)) {
      plain = true;
      headers = PlainHeadersSchema.parse(storedHeaders);
    } else {
      const sealed = SealedHeadersSchema.parse(storedHeaders);
      headers = PlainHeadersSchema.parse(
        sealed.headers.map(([name, value]) => [name, open(value, headerSlot(id, name))]),
      );
    }
    if (row.credentials_json === null) return { secrets: { headers }, plain };
    const storedCredentials = JSON.parse(row.credentials_json) as Record<string, unknown>;
    let credentials: Credentials;
    if (storedCredentials && typeof storedCredentials === 'object' && 'sealedPassword' in storedCredentials) {
      const sealed = SealedCredentialsSchema.parse(storedCredentials);
      credentials = CredentialsSchema.parse({
        user: sealed.user,
        password: open(sealed.sealedPassword, passwordSlot(id)),
      });
    } else {
      plain = true;
      credentials = CredentialsSchema.parse(storedCredentials);
    }
    return { secrets: { headers, credentials }, plain };
  } catch (error) {
    if (error instanceof SecretUnreadableError || error instanceof SyntaxError || error instanceof z.ZodError)
      return undefined;
    throw error;
  }
}
