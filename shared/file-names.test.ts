import { describe, expect, it } from 'vitest';
import { truncateUtf8, utf8Length } from './file-names.js';

describe('UTF-8 name bounds', () => {
  it('counts bytes, not characters', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('報告書')).toBe(9);
    expect(utf8Length('😀')).toBe(4);
  });

  it('cuts on a character boundary, never inside one', () => {
    expect(truncateUtf8('報告書', 8)).toBe('報告');
    expect(truncateUtf8('a😀b', 4)).toBe('a');
    expect(truncateUtf8('a😀b', 5)).toBe('a😀');
    expect(truncateUtf8('short', 100)).toBe('short');
    expect(truncateUtf8('報', 2)).toBe('');
  });
});
