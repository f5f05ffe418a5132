import type { WireError } from './core-api.js';

/** How long a wire error's fields may be (core-api.ts builds WireErrorSchema from these). */
export const WIRE_ERROR_LIMITS = { codeChars: 64, textChars: 10_000 } as const;

/**
 * A wire error read without zod, for the renderer: its first screen should not pay for building
 * the contract's schemas just to read the three fields of an error. It accepts exactly what
 * WireErrorSchema accepts (wire-error.test.ts holds the two side by side); extra fields are left out.
 */
export function readWireError(value: unknown): WireError | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { code, message, hint } = value as Record<string, unknown>;
  const text = (field: unknown, max: number) => typeof field === 'string' && field.length <= max;
  if (!text(code, WIRE_ERROR_LIMITS.codeChars) || !text(message, WIRE_ERROR_LIMITS.textChars))
    return undefined;
  if (hint !== undefined && !text(hint, WIRE_ERROR_LIMITS.textChars)) return undefined;
  return hint === undefined
    ? { code: code as string, message: message as string }
    : { code: code as string, message: message as string, hint: hint as string };
}
