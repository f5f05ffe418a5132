import type { StreamMessage } from './events.js';

/**
 * What the Electron preload exposes to the renderer as `window.bitsUploader` (contextBridge).
 * It is the whole surface: the renderer has no Node, no ipcRenderer, nothing else. The preload
 * allow-lists channel names from the contract (CHANNELS) and the main process validates every
 * payload again, so a compromised renderer gains nothing by calling it with other values.
 */
export interface BitsBridge {
  /** Runs a contract channel in the main process; rejects with a WireError-shaped object. */
  invoke(channel: string, payload: unknown): Promise<unknown>;
  /**
   * Opens the event stream (see events.ts): `since` is the last seq the renderer applied.
   * Returns the function that closes it.
   */
  subscribe(since: number | undefined, listener: (message: StreamMessage) => void): () => void;
  /** The local path of a dropped File (Electron's webUtils.getPathForFile); '' when it has none. */
  pathForFile(file: unknown): string;
}

/** The global name the preload uses for the bridge. */
export const BRIDGE_GLOBAL = 'bitsUploader';
