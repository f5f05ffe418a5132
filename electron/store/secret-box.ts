import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { CoreError } from '../../shared/contract/core-api.js';

/** Bytes of a data key: AES-256. */
export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Versioned envelope: `bus1.<key id>.<nonce>.<ciphertext and tag>`, base64url parts. */
const PREFIX = 'bus1';

/** Why a sealed value could not be opened; the user is told in words (secretsError). */
export type UnreadableReason = 'no-key' | 'wrong-key' | 'damaged';

export class SecretUnreadableError extends Error {
  constructor(
    readonly reason: UnreadableReason,
    message: string,
  ) {
    super(message);
    this.name = 'SecretUnreadableError';
  }
}

/**
 * Seals and opens secret values (passwords, header values) for the store. `slot` is the associated
 * data: the job id and which value it is, so a sealed value copied into another row (or into
 * another field of its own row) does not open.
 */
export interface SecretBox {
  seal(plain: string, slot: string): string;
  /** Throws SecretUnreadableError when the value cannot be opened with this key. */
  open(sealed: string, slot: string): string;
  /** False for the box used when the key could not be loaded: it seals nothing. */
  readonly available: boolean;
}

/** AES-256-GCM with a random nonce per value (node:crypto). */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new Error(`A data key has ${KEY_BYTES} bytes, not ${key.length}.`);
  const keyId = createHmac('sha256', key).update('bits-uploader key id').digest().subarray(0, 6);
  const keyIdText = keyId.toString('base64url');
  return {
    available: true,
    seal(plain, slot) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(slot, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return [PREFIX, keyIdText, nonce.toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed, slot) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== PREFIX) {
        throw new SecretUnreadableError('damaged', 'the saved value is not in a format this version knows');
      }
      const [, id, nonceText, bodyText] = parts as [string, string, string, string];
      if (id !== keyIdText) {
        throw new SecretUnreadableError('wrong-key', 'it was saved with another key than the one found now');
      }
      const nonce = Buffer.from(nonceText, 'base64url');
      const body = Buffer.from(bodyText, 'base64url');
      if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) {
        throw new SecretUnreadableError('damaged', 'the saved value is damaged');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(slot, 'utf8'));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SecretUnreadableError('damaged', 'the saved value is damaged or belongs to another job');
      }
    },
  };
}

/**
 * The box when no key could be loaded (its file unreadable or damaged): sealed values stay in
 * the database untouched but cannot be opened, and new secrets cannot be saved until a key can be.
 */
export function unavailableSecretBox(why: string): SecretBox {
  return {
    available: false,
    seal() {
      throw new CoreError(
        'invalid-state',
        `Passwords and header values cannot be saved: ${why}`,
        'Fix or move away the key file, then start BITS Uploader again.',
      );
    },
    open() {
      throw new SecretUnreadableError('no-key', why);
    },
  };
}

/** A key for one process only: for tests and tools that never reopen what they wrote. */
export function ephemeralSecretBox(): SecretBox {
  return createSecretBox(randomBytes(KEY_BYTES));
}
