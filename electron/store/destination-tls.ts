import { z } from 'zod';
import { type SecretBox, SecretUnreadableError } from './secret-box.js';

/** A destination's TLS settings: client certificate files (and passphrase) and server pins. */
export interface DestinationTls {
  clientCert?: { certFile?: string; keyFile?: string; pfxFile?: string; passphrase?: string };
  pins?: string[];
}

const StoredSchema = z.object({
  clientCert: z
    .object({
      certFile: z.string().optional(),
      keyFile: z.string().optional(),
      pfxFile: z.string().optional(),
      sealedPassphrase: z.string().optional(),
    })
    .optional(),
  pins: z.array(z.string()).optional(),
});

const passphraseSlot = (id: string) => `destination\u0000${id}\u0000client-cert-passphrase`;

/** tls_json for a destination (NULL when it has none); the passphrase is sealed. */
export function encodeDestinationTls(id: string, tls: DestinationTls, box: SecretBox): string | null {
  if (!tls.clientCert && !tls.pins?.length) return null;
  const stored: z.infer<typeof StoredSchema> = {};
  if (tls.clientCert) {
    const { passphrase, ...files } = tls.clientCert;
    stored.clientCert =
      passphrase === undefined
        ? files
        : { ...files, sealedPassphrase: box.seal(passphrase, passphraseSlot(id)) };
  }
  if (tls.pins?.length) stored.pins = tls.pins;
  return JSON.stringify(stored);
}

/** Undefined when tls_json cannot be read or its passphrase not opened (the caller reports it). */
export function decodeDestinationTls(
  id: string,
  text: string | null,
  box: SecretBox,
): DestinationTls | undefined {
  if (text === null) return {};
  try {
    const stored = StoredSchema.parse(JSON.parse(text));
    const tls: DestinationTls = {};
    if (stored.clientCert) {
      const { sealedPassphrase, ...files } = stored.clientCert;
      tls.clientCert =
        sealedPassphrase === undefined
          ? files
          : { ...files, passphrase: box.open(sealedPassphrase, passphraseSlot(id)) };
    }
    if (stored.pins) tls.pins = stored.pins;
    return tls;
  } catch (error) {
    if (error instanceof SecretUnreadableError || error instanceof SyntaxError || error instanceof z.ZodError)
      return undefined;
    throw error;
  }
}
