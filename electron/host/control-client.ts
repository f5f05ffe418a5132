import { connect, type Socket } from 'node:net';
import type { WireError } from '../../shared/contract/core-api.js';
import type { StreamMessage } from '../../shared/contract/events.js';
import { controlEndpointPath } from './control-path.js';
import { type HostMessage, HostMessageSchema, LineSplitter } from './control-protocol.js';

/** A call the instance answered with an error: the wire error as it came. */
export class RemoteError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
    this.name = 'RemoteError';
  }
}

export interface ControlClient {
  invoke(channel: string, payload?: unknown): Promise<unknown>;
  /** Opens the event stream; the listener gets replay, `ready`, then live events. */
  subscribe(listener: (message: StreamMessage) => void, since?: number): Promise<void>;
  /** Resolves when the instance goes away (it stopped, or the connection broke). */
  readonly closed: Promise<void>;
  close(): void;
}

/**
 * Connects to the instance that runs this data folder; undefined when none is running (no
 * socket, or a leftover one nobody listens on).
 */
export async function connectControl(dataDir: string): Promise<ControlClient | undefined> {
  const path = controlEndpointPath(dataDir);
  const socket = await new Promise<Socket | undefined>((resolve, reject) => {
    const attempt = connect(path);
    attempt.once('connect', () => resolve(attempt));
    attempt.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') resolve(undefined);
      else reject(error);
    });
  });
  return socket ? clientOver(socket) : undefined;
}

function clientOver(socket: Socket): ControlClient {
  socket.setEncoding('utf8');
  const lines = new LineSplitter();
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let listener: ((message: StreamMessage) => void) | undefined;
  let nextId = 1;
  let gone: Error | undefined;

  const closed = new Promise<void>((resolve) => {
    socket.on('close', () => {
      gone = new Error('The running BITS Uploader closed the connection.');
      for (const call of pending.values()) call.reject(gone);
      pending.clear();
      resolve();
    });
  });
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: string) => {
    for (const line of lines.push(chunk)) {
      let message: HostMessage;
      try {
        message = HostMessageSchema.parse(JSON.parse(line));
      } catch {
        socket.destroy();
        return;
      }
      if ('stream' in message) {
        listener?.(message.stream);
        continue;
      }
      const call = pending.get(message.id);
      if (!call) continue;
      pending.delete(message.id);
      if (message.ok) call.resolve(message.result);
      else call.reject(new RemoteError(message.error));
    }
  });
  const request = (body: Record<string, unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      if (gone) {
        reject(gone);
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.write(`${JSON.stringify({ id, ...body })}\n`);
    });

  return {
    invoke: (channel, payload) => request({ channel, payload: payload ?? {} }),
    async subscribe(onMessage, since) {
      listener = onMessage;
      await request({ subscribe: since === undefined ? {} : { since } });
    },
    closed,
    close: () => socket.end(),
  };
}
