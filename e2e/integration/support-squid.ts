import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { freePort, listening } from './support-daemon.js';

const DIGEST_HELPER = '/usr/lib/squid/digest_file_auth';
const NTLM_HELPER = '/usr/lib/squid/ntlm_fake_auth';

/** Why the squid tests skip, or undefined when Debian's squid and its Digest helper are installed. */
export const SQUID_MISSING = ((): string | undefined => {
  try {
    execFileSync('squid', ['-v'], { stdio: 'ignore' });
  } catch {
    return 'squid is not installed (apt-get install squid); the proxy Digest tests need a real proxy';
  }
  for (const helper of [DIGEST_HELPER, NTLM_HELPER]) {
    if (!existsSync(helper)) return `squid's ${helper} is missing`;
  }
  return undefined;
})();

export interface Squid {
  readonly url: string;
  /** Lines of squid's access log: "<status> <method> <url> <user>" per request it carried. */
  access(): string[];
  stop(): Promise<void>;
}

/**
 * Debian's squid in the foreground (`squid -N -f <conf>`) on a free 127.0.0.1 port, requiring
 * Digest proxy authentication (digest_file_auth) for one account; stopped when the test ends.
 */
export async function startSquidDigest(account: { user: string; password: string }): Promise<Squid> {
  return startSquid('digest', account);
}

/**
 * The same squid asking for NTLM (ntlm_fake_auth: a real NTLMSSP exchange with squid, which
 * accepts any account): a connection-bound handshake on the proxy connection itself.
 */
export async function startSquidNtlm(): Promise<Squid> {
  return startSquid('ntlm', { user: '', password: '' });
}

async function startSquid(
  scheme: 'digest' | 'ntlm',
  account: { user: string; password: string },
): Promise<Squid> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-squid-'));
  // Run as root, squid hands its helpers and logs to the "proxy" user.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const passwd = join(dir, 'passwd');
  writeFileSync(passwd, `${account.user}:${account.password}\n`, { mode: 0o644 });
  const accessLog = join(dir, 'access.log');
  const conf = [
    `http_port 127.0.0.1:${port}`,
    `pid_filename ${join(dir, 'squid.pid')}`,
    `cache_log ${join(dir, 'cache.log')}`,
    `access_log stdio:${accessLog} squid`,
    'cache deny all',
    'cache_mem 8 MB',
    `coredump_dir ${dir}`,
    'netdb_filename none',
    'shutdown_lifetime 0 seconds',
    ...(scheme === 'digest'
      ? [
          `auth_param digest program ${DIGEST_HELPER} ${passwd}`,
          'auth_param digest realm BITSPROXY',
          'auth_param digest children 2',
        ]
      : [`auth_param ntlm program ${NTLM_HELPER}`, 'auth_param ntlm children 2']),
    'acl authed proxy_auth REQUIRED',
    'http_access allow authed',
    'http_access deny all',
  ];
  writeFileSync(join(dir, 'squid.conf'), `${conf.join('\n')}\n`);
  const child = spawn('squid', ['-N', '-f', join(dir, 'squid.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  onTestFinished(stop);
  await listening('squid', port, child, () => output);
  return {
    url: `http://127.0.0.1:${port}`,
    access: () =>
      (existsSync(accessLog) ? readFileSync(accessLog, 'utf8') : '')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const f = line.trim().split(/\s+/);
          return `${f[3]?.split('/')[1]} ${f[5]} ${f[6]} ${f[7]}`;
        }),
    stop,
  };
}
