import type { BitsBridge } from '../../shared/contract/bridge.js';
import type { WireError } from '../../shared/contract/core-api.js';
import type { StreamMessage } from '../../shared/contract/events.js';
import { INVOKE_IPC, STREAM_CLOSE_IPC, STREAM_MESSAGE_IPC, STREAM_OPEN_IPC } from './ipc-names.js';

/** The part of ipcRenderer the bridge uses (the real one in the app). */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface BridgeDeps {
  ipc: RendererIpc;
  /** webUtils.getPathForFile (File.path no longer exists). */
  getPathForFile: (file: never) => string;
  /** The contract's channel names (Object.keys(CHANNELS)): nothing else reaches main. */
  channels: readonly string[];
}

type InvokeResult = { ok: true; value: unknown } | { ok: false; error: WireError };

/**
 * window.bitsUploader: exactly the BitsBridge of shared/contract/bridge.ts. Channel names are
 * allow-listed here and every payload is validated again in main; nothing of ipcRenderer leaks.
 */
export function createBridge(deps: BridgeDeps): BitsBridge {
  const allowed = new Set(deps.channels);
  const listeners = new Map<string, (message: StreamMessage) => void>();
  let nextId = 1;
  deps.ipc.on(STREAM_MESSAGE_IPC, (_event, id, message) => {
    if (typeof id === 'string') listeners.get(id)?.(message as StreamMessage);
  });
  return {
    async invoke(channel, payload) {
      if (typeof channel !== 'string' || !allowed.has(channel)) {
        throw {
          code: 'unknown-channel',
          message: `There is no channel named “${String(channel).slice(0, 100)}”.`,
        };
      }
      const result = (await deps.ipc.invoke(INVOKE_IPC, channel, payload)) as InvokeResult;
      if (result.ok) return result.value;
      throw { ...result.error };
    },
    subscribe(since, listener) {
      if (typeof listener !== 'function') throw new TypeError('subscribe needs a listener function.');
      const valid = since === undefined || (Number.isInteger(since) && since >= 0);
      const id = `s${nextId++}`;
      listeners.set(id, listener);
      deps.ipc.send(STREAM_OPEN_IPC, valid ? { id, since } : { id });
      let open = true;
      return () => {
        if (!open) return;
        open = false;
        listeners.delete(id);
        deps.ipc.send(STREAM_CLOSE_IPC, { id });
      };
    },
    pathForFile(file) {
      try {
        return deps.getPathForFile(file as never) ?? '';
      } catch {
        return '';
      }
    },
  };
}
