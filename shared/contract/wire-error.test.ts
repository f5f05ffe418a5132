import { describe, expect, it } from 'vitest';
import { WireErrorSchema } from './core-api.js';
import { readWireError, WIRE_ERROR_LIMITS } from './wire-error.js';

const long = (chars: number) => 'x'.repeat(chars);

/** Values a host or a hostile page could hand the renderer as an error. */
const CASES: unknown[] = [
  { code: 'not-found', message: 'No job with id 7' },
  { code: 'io', message: 'The disk is full', hint: 'Free some space' },
  { code: 'io', message: 'extra fields are dropped', stack: 'at x', hint: undefined },
  { code: long(WIRE_ERROR_LIMITS.codeChars), message: long(WIRE_ERROR_LIMITS.textChars) },
  { code: long(WIRE_ERROR_LIMITS.codeChars + 1), message: 'code too long' },
  { code: 'io', message: long(WIRE_ERROR_LIMITS.textChars + 1) },
  { code: 'io', message: 'hint too long', hint: long(WIRE_ERROR_LIMITS.textChars + 1) },
  { code: 'io', message: 'hint not text', hint: 42 },
  { code: 7, message: 'code not text' },
  { code: 'io' },
  { message: 'no code' },
  'a plain string',
  null,
  undefined,
  42,
  ['io', 'message'],
  new Error('an Error is not a wire error'),
];

describe('readWireError', () => {
  it.each(CASES.map((value, n) => [n, value]))('agrees with WireErrorSchema on case %i', (_n, value) => {
    const parsed = WireErrorSchema.safeParse(value);
    expect(readWireError(value)).toEqual(parsed.success ? parsed.data : undefined);
  });

  it('reads the error a host sends and refuses what is not one', () => {
    expect(readWireError({ code: 'locked', message: 'In use', hint: 'Close it' })).toEqual({
      code: 'locked',
      message: 'In use',
      hint: 'Close it',
    });
    expect(readWireError({ code: 'locked' })).toBeUndefined();
  });
});
