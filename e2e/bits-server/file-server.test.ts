import { describe, expect, it } from 'vitest';
import { chooseRange } from './file-server.js';

describe('chooseRange', () => {
  const v = { etag: '"e"', lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' };
  it('ignores malformed and multi-range headers, refuses ranges past the end', () => {
    expect(chooseRange(undefined, undefined, 10, v)).toEqual({ start: 0, end: 9, partial: false });
    expect(chooseRange('bytes=0-1,3-4', undefined, 10, v)).toMatchObject({ partial: false });
    expect(chooseRange('bytes=5-2', undefined, 10, v)).toMatchObject({ partial: false });
    expect(chooseRange('items=0-1', undefined, 10, v)).toMatchObject({ partial: false });
    expect(chooseRange('bytes=-0', undefined, 10, v)).toBe('unsatisfiable');
    expect(chooseRange('bytes=0-', undefined, 0, v)).toBe('unsatisfiable');
    expect(chooseRange('bytes=-20', undefined, 10, v)).toEqual({ start: 0, end: 9, partial: true });
    expect(chooseRange('bytes=99999999999999999999-', undefined, 10, v)).toBe('unsatisfiable');
    expect(chooseRange('bytes=0-1', 'W/"e"', 10, v)).toMatchObject({ partial: false });
  });
});
