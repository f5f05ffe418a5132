import { describe, expect, it } from 'vitest';
import { isPathAllowed } from './confinement.js';

describe('isPathAllowed: a host confined to some folders', () => {
  it('allows the folders and what is inside them, nothing beside or above', () => {
    const allowed = ['/srv/uploads', '/home/ann/out'];
    expect(isPathAllowed('/srv/uploads', allowed)).toBe(true);
    expect(isPathAllowed('/srv/uploads/a/b.bin', allowed)).toBe(true);
    expect(isPathAllowed('/home/ann/out/x', allowed)).toBe(true);
    expect(isPathAllowed('/srv/uploads-old/a', allowed)).toBe(false);
    expect(isPathAllowed('/srv', allowed)).toBe(false);
    expect(isPathAllowed('/etc/passwd', allowed)).toBe(false);
    expect(isPathAllowed('/srv/uploads/../secret', allowed)).toBe(false);
  });

  it('a name that only starts with two dots stays inside', () => {
    expect(isPathAllowed('/srv/uploads/..hidden', ['/srv/uploads'])).toBe(true);
  });

  it('allows everything when no folder is named', () => {
    expect(isPathAllowed('/etc/passwd', [])).toBe(true);
  });
});
