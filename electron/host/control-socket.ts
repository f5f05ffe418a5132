import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { WireError } from '../../shared/contract/core-api.js';
import { controlEndpointPath } from './control-path.js';
import {
  type ClientMessage,
  ClientMessageSchema,
  type HostMessage,
  LineSplitter,
} from './control-protocol.js';
import type { EventStream } from './event-stream.js';
import { toWireError } from './wire-error.js';

export interface ControlSocketOptions {
  dataDir: string;
  /** Runs a channel: hosts pass dispatchHost with their context (and any remote policy of theirs). */
  invoke: (channel: string, payload: unknown) => Promise<unknown>;
  events: EventStream;
  log?: (error: unknown) => void;
}

export interface ControlSocket {
  readonly path: string;
  close(): Promise<void>;
}

/**
 * The control endpoint of a running instance (desktop or serve): the CLI's `jobs` verbs and
 * `upload` hand-offs reach the core through it. Owner-only; the data folder's lock (held by
 * this process) makes any socket file already there a leftover, so it is replaced.
 */
export async function listenControlSocket(options: ControlSocketOptions): Promise<ControlSocket> {
  const path = controlEndpointPath(options.dataDir);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    serveConnection(socket, options);
    socket.on('close', () => sockets.delete(socket));
  });
  if (process.platform !== 'win32') rmSync(path, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path, readableAll: false, writableAll: false }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function serveConnection(socket: Socket, options: ControlSocketOptions): void {
  socket.setEncoding('utf8');
  const lines = new LineSplitter();
  let closeStream: (() => void) | undefined;
  const send = (message: HostMessage) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
  };
  const fail = (id: number, error: WireError) => send({ id, ok: false, error });

  socket.on('data', (chunk: string) => {
    let received: string[];
    try {
      received = lines.push(chunk);
    } catch (error) {
      fail(0, { code: 'too-large', message: (error as Error).message });
      socket.end();
      return;
    }
    for (const line of received) {
      let message: ClientMessage;
      try {
        message = ClientMessageSchema.parse(JSON.parse(line));
      } catch {
        fail(0, {
          code: 'invalid-input',
          message: 'A control message is not valid JSON of the control protocol.',
        });
        continue;
      }
      if ('subscribe' in message) {
        closeStream?.();
        closeStream = options.events.open(
          message.subscribe.since,
          (stream) => send({ stream }),
          message.subscribe.run,
        );
        send({ id: message.id, ok: true, result: null });
        continue;
      }
      options.invoke(message.channel, message.payload).then(
        (result) => send({ id: message.id, ok: true, result: result ?? null }),
        (error) => fail(message.id, toWireError(error, options.log)),
      );
    }
  });
  const stop = () => closeStream?.();
  socket.on('close', stop);
  socket.on('error', () => socket.destroy());
}
