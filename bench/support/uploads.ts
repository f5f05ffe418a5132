import type { ClientUploadReport } from '../children/client-upload.js';
import type { EngineUploadReport } from '../children/engine-upload.js';
import { closeSession, createSession } from './bits-raw.js';
import { curlFragment } from './curl.js';
import { runNodeChild } from './processes.js';
import type { ServerChild } from './server-child.js';
import type { TempArea } from './temp.js';

/** One timed upload, whoever did it. */
export interface UploadRun {
  ms: number;
  bytes: number;
  /** Child-reported figures (absent for curl). */
  maxRssKiB?: number;
  startRssKiB?: number;
  cpuMs?: number;
  /** Warning names the child printed on stderr. */
  warnings?: string[];
}

const CLIENT = new URL('../children/client-upload.js', import.meta.url);
const ENGINE = new URL('../children/engine-upload.js', import.meta.url);

let uploadCounter = 0;

/** The baseline: our own Create-Session, curl sending the file as one Fragment, Close-Session. */
export async function curlUpload(server: ServerChild, file: string, size: number): Promise<UploadRun> {
  const url = server.url(`/bench/curl-${++uploadCounter}.bin`);
  const sessionId = await createSession(url);
  const result = await curlFragment(url, sessionId, file, size);
  await closeSession(url, sessionId);
  return { ms: result.ms, bytes: size };
}

/** runUploadSession in a fresh child process. */
export async function clientUpload(server: ServerChild, file: string, fragmentSize?: number): Promise<UploadRun> {
  const args = ['--url', server.url(`/bench/client-${++uploadCounter}.bin`), '--file', file];
  if (fragmentSize !== undefined) args.push('--fragment-size', String(fragmentSize));
  return runNodeChild<ClientUploadReport>(CLIENT, args);
}

/** Jobs through createCore in a fresh child process on a fresh data folder (removed afterwards). */
export async function engineUpload(
  server: ServerChild,
  temp: TempArea,
  files: string[],
  concurrency?: number,
): Promise<UploadRun & { coreStartMs: number }> {
  const dataDir = temp.dir('engine-data');
  const args = ['--data-dir', dataDir, '--url', server.url(`/bench/engine-${++uploadCounter}/`)];
  for (const file of files) args.push('--file', file);
  if (concurrency !== undefined) args.push('--concurrency', String(concurrency));
  try {
    return await runNodeChild<EngineUploadReport>(ENGINE, args);
  } finally {
    temp.discard(dataDir);
  }
}
