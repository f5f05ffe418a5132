import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { type RunningServe, type ServeConfig, startServe } from '../serve.js';

/** A small renderer build: the page, one script, one folder (never listed). */
export function writeStaticFixture(dir: string): void {
  mkdirSync(join(dir, 'assets', 'nested'), { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>BITS Uploader</title><script src="./assets/app.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("hi");');
  writeFileSync(join(dir, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(dir, 'assets', 'nested', 'x.svg'), '<svg/>');
}

export interface TestServe extends RunningServe {
  root: string;
  port: number;
  /** A request to the server, with whatever headers the test wants (Host included). */
  request(options: RawRequest): Promise<RawAnswer>;
  api(channel: string, body?: unknown, headers?: Record<string, string>): Promise<RawAnswer>;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json(): // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the server answered.
  any;
}

/** startServe on a temp data folder, port 0, the static fixture; closed when the test ends. */
export async function startTestServe(overrides: Partial<ServeConfig> = {}): Promise<TestServe> {
  const root = await mkdtemp(join(tmpdir(), 'bits-serve-'));
  writeStaticFixture(join(root, 'static'));
  const running = await startServe({
    core: { dataDir: join(root, 'data') },
    host: '127.0.0.1',
    port: 0,
    allowRemote: false,
    staticDir: join(root, 'static'),
    allowFolders: [],
    maxStageBytes: 1024 * 1024,
    version: '0.0.0-test',
    log: () => undefined,
    ...overrides,
  });
  onTestFinished(async () => {
    await running.close();
    await rm(root, { recursive: true, force: true });
  });
  const port = Number(new URL(running.origin).port);
  const request = (options: RawRequest) => rawRequest(port, options);
  return {
    ...running,
    root,
    port,
    request,
    api: (channel, body = {}, headers = {}) =>
      request({
        method: 'POST',
        path: `/api/${channel}`,
        headers: { Authorization: `Bearer ${running.token}`, 'Content-Type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

export function rawRequest(port: number, options: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        agent: false,
        path: options.path,
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body,
            json: () => JSON.parse(body.toString()),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
