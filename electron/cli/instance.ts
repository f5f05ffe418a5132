import type { Core } from '../../shared/contract/core-api.js';
import { connectControl } from '../host/control-client.js';
import { remoteCore } from '../host/remote-core.js';
import { resolveDataDir } from '../store/index.js';
import type { CliIo } from './cli-io.js';

export interface OpenedInstance {
  core: Core;
  /** True when the calls go to a running instance (desktop or serve). */
  remote: boolean;
}

/** The data folder a command means: --data-dir, else BITS_UPLOADER_DATA_DIR, else the OS default. */
export function dataDirFor(flag: string | undefined, io: Pick<CliIo, 'env'>): string {
  return resolveDataDir({ flag, env: io.env as NodeJS.ProcessEnv });
}

/** The running instance of this data folder, if one listens on its control socket. */
export async function connectInstance(dataDir: string): Promise<Core | undefined> {
  const client = await connectControl(dataDir).catch(() => undefined);
  return client ? remoteCore(client) : undefined;
}

/**
 * The core a `jobs` or `settings` verb works on: the running instance when there is one, else
 * the data folder itself with transfers held (added jobs start with the next instance). Says so.
 */
export async function openInstance(flag: string | undefined, io: CliIo): Promise<OpenedInstance> {
  const dataDir = dataDirFor(flag, io);
  const remote = await connectInstance(dataDir);
  if (remote) return { core: remote, remote: true };
  const core = await io.openCore({ dataDir: flag, env: io.env, holdTransfers: true });
  io.stderr.write(
    `No BITS Uploader is running on ${core.dataDir}: changing the data folder directly (jobs start with the next instance).\n`,
  );
  return { core, remote: false };
}
