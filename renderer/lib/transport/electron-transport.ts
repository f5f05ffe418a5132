import type { BitsBridge } from '../../../shared/contract/bridge.js';
import type { Channel, ChannelRequest, ChannelResponse } from '../../../shared/contract/channels.js';
import { StreamHub } from './listeners.js';
import type { ConnectionListener, StreamListener, Transport } from './transport.js';
import { TransportError, toTransportError } from './transport-error.js';

/**
 * The desktop app's transport: the preload bridge (bridge.ts). IPC does not drop like a
 * socket, so it connects once; files have real paths, so nothing is staged or downloaded.
 */
export class ElectronTransport implements Transport {
  readonly kind = 'electron';
  private readonly hub = new StreamHub();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly bridge: BitsBridge) {}

  get connection() {
    return this.hub.state;
  }

  get problem() {
    return this.hub.problem;
  }

  async invoke<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>> {
    try {
      return (await this.bridge.invoke(channel, request ?? {})) as ChannelResponse<C>;
    } catch (error) {
      throw toTransportError(error, `The app could not run ${channel}`);
    }
  }

  subscribe(listener: StreamListener): () => void {
    const remove = this.hub.addStream(listener);
    this.unsubscribe ??= this.bridge.subscribe(this.hub.lastSeq, (message) => this.hub.deliver(message));
    return remove;
  }

  onConnectionChange(listener: ConnectionListener): () => void {
    return this.hub.addConnection(listener);
  }

  pathForFile(file: File): string {
    return this.bridge.pathForFile(file);
  }

  stageFile(): Promise<never> {
    return Promise.reject(
      new TransportError('unsupported', 'The desktop app reads files where they are; nothing is staged.'),
    );
  }

  downloadReply(): Promise<never> {
    return Promise.reject(
      new TransportError('unsupported', 'The desktop app opens replies where they were saved.'),
    );
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.hub.setState('disconnected');
  }
}
