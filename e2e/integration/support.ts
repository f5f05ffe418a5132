import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { BitsError } from '../../electron/bits/errors.js';
import { localFile } from '../../electron/bits/file-source.js';
import { createNodeTransport, type NodeTransportOptions } from '../../electron/bits/http/node-transport.js';
import type {
  SessionEvent,
  UploadOutcome,
  UploadSessionOptions,
} from '../../electron/bits/upload-options.js';
import { runUploadSession } from '../../electron/bits/upload-session.js';
import type { SessionState } from '../../shared/session-state.js';
import { type BitsServer, type BitsServerOptions, startBitsServer } from '../bits-server/index.js';

/** A temp folder removed when the test ends. */
export async function tempDir(prefix = 'bits-it-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A reference server on 127.0.0.1 with its own upload root, stopped when the test ends. */
export async function serverFor(options: Partial<BitsServerOptions> = {}): Promise<BitsServer> {
  const root = options.root ?? (await tempDir('bits-root-'));
  const server = await startBitsServer({ ...options, root });
  onTestFinished(() => server.close());
  return server;
}

export async function randomFile(
  dir: string,
  size: number,
  name = 'payload.bin',
): Promise<{ path: string; bytes: Buffer }> {
  const bytes = randomBytes(size);
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { path, bytes };
}

export async function storedBytes(server: BitsServer, urlPath: string): Promise<Buffer> {
  return readFile(server.filePath(urlPath));
}

export interface RetryingUpload {
  outcome: UploadOutcome;
  attempts: number;
  errors: BitsError[];
  events: SessionEvent[];
  checkpoints: SessionState[];
}

/**
 * Runs the session the way the job engine does, minus the waiting: a transient failure is
 * retried at once from the last checkpoint; a fatal one is thrown.
 */
export async function uploadWithRetries(
  options: Omit<UploadSessionOptions, 'transport' | 'file'> & {
    filePath: string;
    transportOptions?: NodeTransportOptions;
    maxAttempts?: number;
  },
): Promise<RetryingUpload> {
  const errors: BitsError[] = [];
  const events: SessionEvent[] = [];
  const checkpoints: SessionState[] = [];
  let state = options.state;
  const maxAttempts = options.maxAttempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    const transport = createNodeTransport(options.transportOptions);
    try {
      const outcome = await runUploadSession({
        ...options,
        state,
        file: localFile(options.filePath),
        transport,
        onCheckpoint: (next) => {
          state = next;
          checkpoints.push(next);
        },
        onEvent: (event) => events.push(event),
      });
      return { outcome, attempts: attempt, errors, events, checkpoints };
    } catch (error) {
      if (!(error instanceof BitsError)) throw error;
      errors.push(error);
      if (error.classification === 'fatal' || attempt >= maxAttempts) {
        throw Object.assign(error, { attempts: attempt, errors });
      }
    } finally {
      transport.close();
    }
  }
}

/** The packets the server saw, as "Type status" strings, for asserting exchanges. */
export function packetLog(server: BitsServer): string[] {
  return server.log.map((entry) => `${entry.packetType ?? entry.method} ${entry.status}`);
}
