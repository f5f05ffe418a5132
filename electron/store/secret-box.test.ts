import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretUnreadableError, unavailableSecretBox } from './secret-box.js';

const box = createSecretBox(Buffer.alloc(32, 1));

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof SecretUnreadableError ? error.reason : `other: ${(error as Error).message}`;
  }
}

describe('createSecretBox', () => {
  it('opens what it sealed, unicode included, and the envelope says nothing of the value', () => {
    const sealed = box.seal('pässwörd 🔑', 'job-1\u0000password');
    expect(sealed).toMatch(/^bus1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('pässwörd');
    expect(box.open(sealed, 'job-1\u0000password')).toBe('pässwörd 🔑');
  });

  it('uses a fresh nonce per value: the same secret never seals the same way twice', () => {
    expect(box.seal('same', 'slot')).not.toBe(box.seal('same', 'slot'));
  });

  it('refuses a value moved to another job or another field (associated data)', () => {
    const sealed = box.seal('secret', 'job-1\u0000password');
    expect(reasonOf(() => box.open(sealed, 'job-2\u0000password'))).toBe('damaged');
    expect(reasonOf(() => box.open(sealed, 'job-1\u0000header:X-Token'))).toBe('damaged');
  });

  it('tells a value sealed with another key from a damaged one', () => {
    const other = createSecretBox(Buffer.alloc(32, 2));
    const sealed = other.seal('secret', 'slot');
    expect(reasonOf(() => box.open(sealed, 'slot'))).toBe('wrong-key');
    const flipped = `${sealed.slice(0, -3)}${sealed.at(-3) === 'A' ? 'B' : 'A'}${sealed.slice(-2)}`;
    expect(reasonOf(() => other.open(flipped, 'slot'))).toBe('damaged');
    expect(reasonOf(() => other.open('bus9.x.y.z', 'slot'))).toBe('damaged');
    expect(reasonOf(() => other.open('plain text', 'slot'))).toBe('damaged');
  });

  it('refuses a key of the wrong size', () => {
    expect(() => createSecretBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe('unavailableSecretBox', () => {
  it('opens nothing and refuses to seal, saying why', () => {
    const none = unavailableSecretBox('the key file /d/secret.key cannot be read.');
    expect(none.available).toBe(false);
    expect(reasonOf(() => none.open(box.seal('x', 's'), 's'))).toBe('no-key');
    expect(() => none.seal('x', 's')).toThrow(/cannot be saved: the key file \/d\/secret.key/);
  });
});
