import { ZodError } from 'zod';
import { CoreError, type WireError } from '../../shared/contract/core-api.js';

/** Any error from a channel handler as the `{ code, message, hint }` every transport carries. */
export function toWireError(error: unknown): WireError {
  if (error instanceof CoreError) return error.toWire();
  if (error instanceof ZodError) {
    const message = error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ');
    return { code: 'invalid-input', message: message.slice(0, 10_000) };
  }
  const message = error instanceof Error && error.message !== '' ? error.message : String(error);
  return { code: 'io', message: message.slice(0, 10_000) };
}
