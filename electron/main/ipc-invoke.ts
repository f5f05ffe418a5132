import type { WireError } from '../../shared/contract/core-api.js';
import { toWireError } from '../host/wire-error.js';
import { type SenderInfo, senderProblem } from './ipc-sender.js';

/**
 * What crosses back to the preload. Electron turns a thrown error into a string, so the
 * `{ code, message, hint }` travels as data and the preload rejects with it.
 */
export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: WireError };

export interface InvokeDeps {
  appOrigin: string;
  isOwnWindow: (contentsId: number) => boolean;
  /** Validates `payload` against the contract for `channel` and runs it (dispatch). */
  run: (channel: string, payload: unknown) => Promise<unknown>;
  log?: (message: string) => void;
}

/** Every IPC call goes through this: sender check, then the contract's own validation. */
export function createInvokeHandler(deps: InvokeDeps) {
  return async (sender: SenderInfo, channel: unknown, payload: unknown): Promise<InvokeResult> => {
    const problem = senderProblem(sender, deps.appOrigin, deps.isOwnWindow);
    if (problem !== undefined) {
      deps.log?.(`Refused an IPC call: ${problem}.`);
      return { ok: false, error: { code: 'not-allowed', message: `The call was refused: ${problem}.` } };
    }
    try {
      return { ok: true, value: await deps.run(channel as string, payload) };
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  };
}
