/**
 * Child process: a network link of a given speed between the client and the server, for the
 * figures that depend on the link (hashing hides behind the network on a real one, not on
 * loopback). A TCP relay on 127.0.0.1 that forwards to the upstream origin, passing the client's
 * bytes at most at --bytes-per-second (a token bucket refilled every millisecond or so); the
 * answers come back unpaced (they are a few hundred bytes). Its own process, like a real network
 * is not the client's or the server's CPU. Prints {"port": n} when listening; ends on SIGTERM.
 *   node paced-link.js --upstream http://127.0.0.1:port --bytes-per-second 125000000
 */
import { connect, createServer, type Socket } from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { upstream: { type: 'string' }, 'bytes-per-second': { type: 'string' } },
});
const upstream = new URL(values.upstream ?? '');
const rate = Number(values['bytes-per-second']);
if (!(rate > 0) || !upstream.port)
  throw new Error('--upstream http://host:port and --bytes-per-second are required');

/** What one millisecond of the link carries; a burst of at most BURST_MS of it is allowed. */
const perMs = rate / 1000;
const BURST_MS = 50;

function relay(client: Socket): void {
  const server = connect(Number(upstream.port), upstream.hostname);
  client.setNoDelay(true);
  server.setNoDelay(true);
  let tokens = perMs * BURST_MS;
  let last = performance.now();
  let waiting: Buffer | undefined;
  const refill = () => {
    const now = performance.now();
    tokens = Math.min(perMs * BURST_MS, tokens + (now - last) * perMs);
    last = now;
  };
  // Sends what the bucket allows now; the rest waits for the next refill (the client is paused).
  const pump = () => {
    refill();
    while (waiting && tokens >= 1) {
      const n = Math.min(waiting.length, Math.floor(tokens));
      tokens -= n;
      server.write(waiting.subarray(0, n));
      waiting = n === waiting.length ? undefined : waiting.subarray(n);
    }
    if (waiting) setTimeout(pump, 1);
    else client.resume();
  };
  client.on('data', (chunk: Buffer) => {
    client.pause();
    waiting = chunk;
    pump();
  });
  server.on('data', (chunk) => client.write(chunk));
  const end = () => {
    client.destroy();
    server.destroy();
  };
  client.on('close', end).on('error', end);
  server.on('close', end).on('error', end);
}

const listener = createServer(relay);
listener.listen(0, '127.0.0.1', () => {
  const address = listener.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
