import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { Core } from '../../shared/contract/core-api.js';
import { type CoreOptions, createCore } from '../core.js';
import { type ControlSocket, listenControlSocket } from '../host/control-socket.js';
import { dispatchHost, type HostContext } from '../host/dispatch-host.js';
import { EventStream } from '../host/event-stream.js';
import { loadOrCreateToken } from './access-token.js';
import { isLoopbackHost } from './guards.js';
import { type HttpHost, startHttpHost } from './http-host.js';
import type { RemotePolicy } from './remote-policy.js';
import { serveHostServices } from './serve-host-services.js';
import { trackStagedJobs } from './staged-jobs.js';
import { StagingArea } from './staging.js';

export interface ServeConfig {
  core: CoreOptions;
  host: string;
  port: number;
  allowRemote: boolean;
  staticDir: string;
  tls?: { certFile: string; keyFile: string };
  allowFolders: string[];
  maxStageBytes: number;
  maxBodyBytes?: number;
  version: string;
  log: (error: unknown) => void;
}

export interface RunningServe {
  core: Core;
  /** The URL to open, with the token in its fragment. */
  url: string;
  origin: string;
  token: string;
  events: EventStream;
  warnings: string[];
  /** Stops accepting, then stops the engine (jobs resume at the next start) and frees the folder. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_STAGE_BYTES = 64 * 1024 ** 3;

/** The headless host: the core, its HTTP API and page, the event socket and the control socket. */
export async function startServe(config: ServeConfig): Promise<RunningServe> {
  if (!isLoopbackHost(config.host) && !config.allowRemote) {
    throw new ServeConfigError(
      `--host ${config.host} would let other machines reach this server; add --allow-remote if that is meant.`,
    );
  }
  const allowedFolders = await Promise.all(
    config.allowFolders.map((folder) =>
      realpath(folder).catch(() => {
        throw new ServeConfigError(`--allow-folder ${folder}: no such folder.`);
      }),
    ),
  );
  // Its clients are remote: the core itself, not only the HTTP layer, keeps replies in its replies folder.
  const core = await createCore({ ...config.core, replyPathPolicy: 'replies-folder-only' });
  const warnings = [...core.startupWarnings];
  let http: HttpHost | undefined;
  let control: ControlSocket | undefined;
  let stopTracking: (() => void) | undefined;
  const events = new EventStream((listener) => core.subscribe(listener));
  try {
    const token = loadOrCreateToken(core.dataDir);
    const staging = new StagingArea({ dir: join(core.dataDir, 'staging'), maxBytes: config.maxStageBytes });
    const policy: RemotePolicy = {
      allowedFolders,
      stagingDir: staging.dir,
      repliesDir: join(core.dataDir, 'replies'),
    };
    const context: HostContext = {
      core,
      host: serveHostServices({
        version: config.version,
        allowedFolders,
        maxStageBytes: config.maxStageBytes,
      }),
    };
    stopTracking = await trackStagedJobs(core, staging, config.log);
    http = await startHttpHost({
      context,
      events,
      staging,
      policy,
      token,
      staticDir: config.staticDir,
      host: config.host,
      port: config.port,
      tls: config.tls,
      maxBodyBytes: config.maxBodyBytes,
      log: config.log,
    });
    // The control socket is owner-only: its client is this machine's user, who may name any path.
    control = await listenControlSocket({
      dataDir: core.dataDir,
      events,
      log: config.log,
      invoke: (channel, payload) => dispatchHost(context, channel as never, payload),
    });
    if (!isLoopbackHost(config.host)) {
      warnings.push(
        `Serving on ${config.host}: anyone who can reach this address and has the token can upload from this machine.`,
      );
    }
    const origin = http.origin;
    const started = { http, control, stopTracking };
    let closing: Promise<void> | undefined;
    return {
      core,
      url: `${origin}/#token=${token}`,
      origin,
      token,
      events,
      warnings,
      close: () => {
        closing ??= (async () => {
          await started.http.close();
          await started.control.close();
          started.stopTracking();
          events.close();
          await core.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await http?.close().catch(() => undefined);
    await control?.close().catch(() => undefined);
    stopTracking?.();
    events.close();
    await core.close();
    throw error;
  }
}

/** A command line serve cannot run with (exit 2). */
export class ServeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServeConfigError';
  }
}
