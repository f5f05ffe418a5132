import { ZodError } from 'zod';
import { CoreError, type CoreErrorCode, type WireError } from '../../shared/contract/core-api.js';

/**
 * Any failure as `{ code, message, hint }` for a transport: CoreErrors as they are, schema
 * violations as invalid-input with the schema's message, anything else as a plain 'io' error
 * (the stack stays in the host; `log` gets it).
 */
export function toWireError(error: unknown, log?: (error: unknown) => void): WireError {
  if (error instanceof CoreError) return error.toWire();
  if (error instanceof ZodError) {
    return {
      code: 'invalid-input',
      message: error.issues
        .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
        .join('; '),
    };
  }
  log?.(error);
  return { code: 'io', message: error instanceof Error ? error.message : String(error) };
}

const STATUS: Record<CoreErrorCode, number> = {
  'invalid-input': 400,
  'not-allowed': 403,
  'not-found': 404,
  'unknown-channel': 404,
  'invalid-state': 409,
  exists: 409,
  locked: 409,
  'too-large': 413,
  unsupported: 501,
  'no-space': 507,
  io: 500,
};

/** The HTTP status for an error code (serve's API); unknown codes are 500. */
export function httpStatusFor(code: string): number {
  return Object.hasOwn(STATUS, code) ? STATUS[code as CoreErrorCode] : 500;
}
