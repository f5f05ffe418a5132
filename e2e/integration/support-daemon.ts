import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

/** A 127.0.0.1 port free at this moment, for a Debian daemon the test is about to start. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Waits until `child` accepts connections on 127.0.0.1:`port` (up to 10 s). A daemon that exits
 * first, or never listens, fails with its `name` and its output, so the test says why.
 */
export async function listening(
  name: string,
  port: number,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${name} did not listen on 127.0.0.1:${port}: ${output()}`);
}
