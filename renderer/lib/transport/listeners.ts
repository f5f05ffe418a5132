import type { StreamMessage } from '../../../shared/contract/events.js';
import type { ConnectionListener, ConnectionState, StreamListener } from './transport.js';
import type { TransportError } from './transport-error.js';

/**
 * What both transports share: the stream's listeners, the connection state and the last
 * sequence number applied (so a reconnect asks only for what it missed).
 */
export class StreamHub {
  private readonly streamListeners = new Set<StreamListener>();
  private readonly connectionListeners = new Set<ConnectionListener>();
  private current: ConnectionState = 'connecting';
  private currentProblem: TransportError | undefined;
  lastSeq: number | undefined;
  hostRunId: string | undefined;

  get state(): ConnectionState {
    return this.current;
  }

  get problem(): TransportError | undefined {
    return this.currentProblem;
  }

  get hasListeners(): boolean {
    return this.streamListeners.size > 0;
  }

  addStream(listener: StreamListener): () => void {
    this.streamListeners.add(listener);
    return () => this.streamListeners.delete(listener);
  }

  addConnection(listener: ConnectionListener): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  setState(state: ConnectionState, problem?: TransportError): void {
    if (state === this.current && problem === this.currentProblem) return;
    this.current = state;
    this.currentProblem = problem;
    for (const listener of this.connectionListeners) listener(state, problem);
  }

  /** Tracks seq and the host run, then hands the message to every listener. */
  deliver(message: StreamMessage): void {
    if (message.kind === 'ready') {
      this.hostRunId = message.hostRunId;
      this.lastSeq = message.seq;
    } else {
      // Replays after a reconnect start after lastSeq; anything at or before it was applied.
      if (this.lastSeq !== undefined && message.seq <= this.lastSeq) return;
      this.lastSeq = message.seq;
    }
    for (const listener of this.streamListeners) listener(message);
    if (message.kind === 'ready') this.setState('connected');
  }
}
