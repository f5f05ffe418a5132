import { fileURLToPath } from 'node:url';
import { spawnTracked } from './processes.js';
import { firstJsonLine, type ServerChild, stopChild } from './server-child.js';

const CHILD = new URL('../children/paced-link.js', import.meta.url);

/**
 * The server behind a link of `bytesPerSecond` (children/paced-link.ts, its own process): a
 * ServerChild whose URLs go through the link. Stopping it stops the link, not the server.
 */
export async function behindLink(server: ServerChild, bytesPerSecond: number): Promise<ServerChild> {
  const child = spawnTracked(process.execPath, [
    fileURLToPath(CHILD),
    '--upstream',
    server.origin,
    '--bytes-per-second',
    String(bytesPerSecond),
  ]);
  const { port } = await firstJsonLine<{ port: number }>(child, 'the paced link');
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    storage: server.storage,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    stop: () => stopChild(child),
  };
}
