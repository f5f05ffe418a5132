import type { Channel, ChannelRequest, ChannelResponse } from '../../../shared/contract/channels.js';
import type { StreamMessage } from '../../../shared/contract/events.js';
import type { StagedFile } from '../../../shared/contract/host-api.js';
import type { TransportError } from './transport-error.js';

/**
 * The one seam between the window and a host (architecture.md, "Renderer"): Electron IPC
 * through the preload bridge, or the `serve` host's HTTP API and WebSocket. Everything above
 * it (stores, components) is the same in both.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export type StreamListener = (message: StreamMessage) => void;
export type ConnectionListener = (state: ConnectionState, problem?: TransportError) => void;

export interface Transport {
  readonly kind: 'electron' | 'http';
  /** Runs a contract channel; rejects with a TransportError ({ code, message, hint }). */
  invoke<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>>;
  /**
   * Listens to the event stream (opened on the first subscriber). The transport reconnects on
   * its own, asking for what it missed (`since`); a `ready` with `resync` means "take a snapshot".
   */
  subscribe(listener: StreamListener): () => void;
  readonly connection: ConnectionState;
  /** Why the transport gave up (a wrong token), while `connection` is disconnected. */
  readonly problem: TransportError | undefined;
  onConnectionChange(listener: ConnectionListener): () => void;
  /** The host-side path of a dropped or picked file ('' when the host cannot see it: a browser). */
  pathForFile(file: File): string;
  /** Sends a browser file to the host's staging folder (serve); reports bytes sent. */
  stageFile(file: File, onProgress?: (sentBytes: number) => void): Promise<StagedFile>;
  /** Fetches a finished job's reply file as bytes the browser can save (serve). */
  downloadReply(jobId: string): Promise<{ fileName: string; blob: Blob }>;
  /** Stops the stream and any reconnect for good. */
  close(): void;
}
