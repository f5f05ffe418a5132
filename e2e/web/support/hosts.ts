import type { ChildProcess } from 'node:child_process';
import { type APIRequestContext, type APIResponse, expect } from '@playwright/test';
import { paths, type Started, startNode, stop } from './processes.js';

export interface ServeProcess {
  child: ChildProcess;
  /** The printed URL, token in its fragment. */
  url: string;
  origin: string;
  token: string;
  port: number;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The real `bits-uploader serve` on a data folder; `port` 0 picks one (the restart reuses it). */
export async function startServe(dataDir: string, port = 0, extraArgs: string[] = []): Promise<ServeProcess> {
  const started: Started & { value: URL } = await startNode(
    paths.cli,
    ['serve', '--port', String(port), '--data-dir', dataDir, ...extraArgs],
    (line) => {
      const match = /(https?:\/\/\S+#token=\S+)/.exec(line);
      return match ? new URL(match[1]!) : undefined;
    },
  );
  const url = started.value;
  const token = new URLSearchParams(url.hash.slice(1)).get('token')!;
  return {
    child: started.child,
    url: url.href,
    origin: url.origin,
    token,
    port: Number(url.port),
    output: started.output,
    stop: (signal) => stop(started.child, signal),
  };
}

export interface BitsServerProcess {
  origin: string;
  stop(): Promise<void>;
}

/** The reference BITS server (e2e/bits-server) storing uploads under `root`; `args` add its options (faults, limits). */
export async function startBitsServer(root: string, args: string[] = []): Promise<BitsServerProcess> {
  const started = await startNode(paths.bitsServer, ['--root', root, ...args], (line) => {
    try {
      return (JSON.parse(line) as { origin?: string }).origin;
    } catch {
      return undefined;
    }
  });
  return { origin: started.value, stop: () => stop(started.child) };
}

/** Playwright's untyped JSON, unless a caller names the answer's type. */
type Json = Awaited<ReturnType<APIResponse['json']>>;

/** One channel of serve's HTTP API with its token, as the window calls it; anything but 200 fails the test. */
export async function callServe<T = Json>(
  request: APIRequestContext,
  serve: ServeProcess,
  channel: string,
  body: unknown = {},
): Promise<T> {
  const response = await request.post(`${serve.origin}/api/${channel}`, {
    data: body,
    headers: { Authorization: `Bearer ${serve.token}` },
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as T;
}
