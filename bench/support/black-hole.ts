import net from 'node:net';

export interface BlackHole {
  port: number;
  close(): Promise<void>;
}

/**
 * A loopback listener that accepts connections and never answers: a job sent there stays in
 * 'connecting' (until its 5-minute response timeout), so with one transfer slot the rest of a
 * big queue stays 'queued' without any retry churn.
 */
export async function startBlackHole(): Promise<BlackHole> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
