import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDaemon } from './support-daemon.js';

/** Why proxy tests skip, or undefined when Debian's tinyproxy is installed (CI installs it). */
export const TINYPROXY_MISSING = ((): string | undefined => {
  try {
    execFileSync('tinyproxy', ['-v'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'tinyproxy is not installed (apt-get install tinyproxy); the proxy tests need a real proxy';
  }
})();

export interface Tinyproxy {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** Request lines the proxy logged, e.g. "BITS_POST http://127.0.0.1:4000/up/a.bin HTTP/1.1". */
  requests(): string[];
  /** Client connections the proxy accepted. */
  connections(): number;
  /** The whole log, to check that no secret reached it. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Debian's tinyproxy in the foreground (`tinyproxy -d -c <conf>`) on a free 127.0.0.1 port, with a
 * config in a temp folder (Basic auth when `auth` is given); stopped when the test ends. The log
 * (LogLevel Connect) shows every request line and connection it carried.
 */
export async function startTinyproxy(
  options: { auth?: { user: string; password: string }; connectPorts?: number[] } = {},
): Promise<Tinyproxy> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-tinyproxy-'));
  const port = await freePort();
  const logPath = join(dir, 'tinyproxy.log');
  const conf = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 60',
    `LogFile "${logPath}"`,
    'LogLevel Connect',
    'MaxClients 20',
    'Allow 127.0.0.1',
    'DisableViaHeader Yes',
    ...(options.auth ? [`BasicAuth ${options.auth.user} ${options.auth.password}`] : []),
    // Without ConnectPort lines tinyproxy tunnels to any port; with them, only to those.
    ...(options.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
  ];
  writeFileSync(join(dir, 'tinyproxy.conf'), `${conf.join('\n')}\n`);
  writeFileSync(logPath, '');
  const { stop } = await startDaemon('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')], { port, dir });
  const log = () => readFileSync(logPath, 'utf8');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    requests: () => [...log().matchAll(/Request \(file descriptor \d+\): (.+)$/gm)].map((m) => m[1]!.trim()),
    // Less the one readiness probe above.
    connections: () => [...log().matchAll(/Connect \(file descriptor \d+\)/g)].length - 1,
    stop,
  };
}
