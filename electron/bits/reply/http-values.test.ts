import { describe, expect, it } from 'vitest';
import {
  adoptValidators,
  ifRangeValue,
  parseContentLength,
  parseContentRange,
  strongEtag,
  validatorsDiffer,
} from './http-values.js';

describe('parseContentRange', () => {
  it.each([
    ['bytes 0-9976/10240', { first: 0, last: 9976, total: 10240 }],
    ['BYTES 5-5/6', { first: 5, last: 5, total: 6 }],
    ['  bytes 0-0/1  ', { first: 0, last: 0, total: 1 }],
    ['bytes\t10-19/*', { first: 10, last: 19, total: undefined }],
    ['bytes 4294967296-4294967299/8589934592', { first: 4294967296, last: 4294967299, total: 8589934592 }],
    [
      'bytes 0-9007199254740990/9007199254740991',
      { first: 0, last: 9007199254740990, total: 9007199254740991 },
    ],
  ])('%j parses', (value, expected) => {
    expect(parseContentRange(value)).toEqual(expected);
  });

  it.each([
    undefined,
    '',
    'bytes',
    'bytes 0-9',
    'bytes 0-9/',
    'bytes=0-9/10',
    'bits 0-9/10',
    'bytes -5/10',
    'bytes 5-/10',
    'bytes -1-9/10',
    'bytes 0--9/10',
    'bytes 9-0/10',
    'bytes 0-10/10',
    'bytes 0-9/9',
    'bytes 0-9/0',
    'bytes */10',
    'bytes 0-9/10, 20-29/10',
    'bytes 0-9/10 junk',
    'bytes 0x0-0x9/0x10',
    'bytes 1e3-2e3/3e3',
    'bytes 0.5-9/10',
    'bytes +0-9/10',
    'bytes ０-９/10',
    'bytes 0-9/99999999999999999999',
    'bytes 0-9007199254740992/9007199254740993',
    'bytes 0-9/10\r\nX-Evil: 1',
  ])('%j is rejected', (value) => {
    expect(parseContentRange(value)).toBeUndefined();
  });
});

describe('parseContentLength', () => {
  it.each([
    [undefined, undefined],
    ['0', 0],
    [' 42 ', 42],
    ['9007199254740991', 9007199254740991],
    ['-1', 'invalid'],
    ['', 'invalid'],
    ['1e6', 'invalid'],
    ['12, 12', 'invalid'],
    ['0x10', 'invalid'],
    ['99999999999999999', 'invalid'],
  ])('%j → %j', (value, expected) => {
    expect(parseContentLength(value)).toBe(expected);
  });
});

describe('validators', () => {
  it('keeps only strong ETags', () => {
    expect(strongEtag('"abc"')).toBe('"abc"');
    expect(strongEtag(' "a-b:c" ')).toBe('"a-b:c"');
    expect(strongEtag('W/"abc"')).toBeUndefined();
    expect(strongEtag('abc')).toBeUndefined();
    expect(strongEtag('"a"b"')).toBeUndefined();
    expect(strongEtag(undefined)).toBeUndefined();
  });

  it('counts only a present, different validator as a change', () => {
    const lm = 'Wed, 21 Oct 2015 07:28:00 GMT';
    expect(validatorsDiffer({ etag: '"1"' }, { etag: '"2"' })).toBe(true);
    expect(validatorsDiffer({ etag: '"1"' }, {})).toBe(false);
    expect(validatorsDiffer({}, { etag: '"2"' })).toBe(false);
    expect(validatorsDiffer({ lastModified: lm }, { lastModified: 'Wed, 21 Oct 2015 07:28:01 GMT' })).toBe(
      true,
    );
    // Same instant, different spelling (a proxy reformatting the date) is no change.
    expect(
      validatorsDiffer({ lastModified: lm }, { lastModified: 'Wednesday, 21-Oct-15 07:28:00 GMT' }),
    ).toBe(false);
    expect(validatorsDiffer({ lastModified: 'garbage' }, { lastModified: 'other garbage' })).toBe(true);
    expect(validatorsDiffer({ etag: '"1"', lastModified: lm }, { etag: '"1"', lastModified: lm })).toBe(
      false,
    );
  });

  it('adopts missing validators and prefers the ETag for If-Range', () => {
    const known = adoptValidators({ lastModified: 'x' }, { etag: '"e"', lastModified: 'y' });
    expect(known).toEqual({ etag: '"e"', lastModified: 'x' });
    expect(ifRangeValue(known)).toBe('"e"');
    expect(ifRangeValue({ lastModified: 'x' })).toBe('x');
    expect(ifRangeValue({})).toBeUndefined();
  });
});
