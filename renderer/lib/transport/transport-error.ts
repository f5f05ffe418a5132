import { readWireError } from '../../../shared/contract/wire-error.js';

/** An error from a host as every transport carries it (core-api.ts, WireError). */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }

  /** The wire shape, when the value is one (a rejected IPC call, an HTTP error body); else undefined. */
  static fromWire(value: unknown): TransportError | undefined {
    const wire = readWireError(value);
    return wire && new TransportError(wire.code, wire.message, wire.hint);
  }
}

/** Whatever a call threw, as a TransportError with a plain message (never "[object Object]"). */
export function toTransportError(error: unknown, context: string): TransportError {
  if (error instanceof TransportError) return error;
  const wire = TransportError.fromWire(error);
  if (wire) return wire;
  const detail = error instanceof Error ? error.message : String(error);
  return new TransportError('internal', `${context}: ${detail}`);
}
