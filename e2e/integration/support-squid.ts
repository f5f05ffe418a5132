import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDaemon } from './support-daemon.js';

const DIGEST_HELPER = '/usr/lib/squid/digest_file_auth';
const NTLM_HELPER = '/usr/lib/squid/ntlm_fake_auth';
const BASIC_HELPER = '/usr/lib/squid/basic_ncsa_auth';
const KERBEROS_HELPER = '/usr/lib/squid/negotiate_kerberos_auth';

/** Why the squid tests skip, or undefined when Debian's squid and its Digest helper are installed. */
export const SQUID_MISSING = ((): string | undefined => {
  try {
    execFileSync('squid', ['-v'], { stdio: 'ignore' });
  } catch {
    return 'squid is not installed (apt-get install squid); the proxy Digest tests need a real proxy';
  }
  for (const helper of [DIGEST_HELPER, NTLM_HELPER, BASIC_HELPER, KERBEROS_HELPER]) {
    if (!existsSync(helper)) return `squid's ${helper} is missing`;
  }
  return undefined;
})();

export interface Squid {
  readonly url: string;
  /** Lines of squid's access log: "<status> <method> <url> <user>" per request it carried. */
  access(): string[];
  /** The same lines in parts, with the client's port (one per connection) and the Proxy-Authorization it got. */
  entries(): SquidEntry[];
  stop(): Promise<void>;
}

export interface SquidEntry {
  status: string;
  method: string;
  url: string;
  user: string;
  /** The client's port: requests with the same port came on the same connection. */
  clientPort: string;
  /** The Proxy-Authorization header as received ('-' for none). */
  proxyAuthorization: string;
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

/** squid asking for Basic (basic_ncsa_auth, an htpasswd file with one account). */
export async function startSquidBasic(account: { user: string; password: string }): Promise<Squid> {
  return startSquid('basic', account);
}

/**
 * squid asking for Negotiate with real Kerberos (negotiate_kerberos_auth, the service key for
 * HTTP/localhost from the tests' KDC keytab, support-kdc.ts): the proxy is http://localhost:port.
 */
export async function startSquidKerberos(keytab: string, principal: string): Promise<Squid> {
  return startSquid('negotiate', { user: '', password: '' }, { keytab, principal });
}

type SquidScheme = 'digest' | 'ntlm' | 'basic' | 'negotiate';

function authLines(
  scheme: SquidScheme,
  passwd: string,
  kerberos?: { keytab: string; principal: string },
): string[] {
  switch (scheme) {
    case 'digest':
      return [
        `auth_param digest program ${DIGEST_HELPER} ${passwd}`,
        'auth_param digest realm BITSPROXY',
        'auth_param digest children 2',
      ];
    case 'ntlm':
      return [`auth_param ntlm program ${NTLM_HELPER}`, 'auth_param ntlm children 2'];
    case 'basic':
      return [
        `auth_param basic program ${BASIC_HELPER} ${passwd}`,
        'auth_param basic realm BITSPROXY',
        'auth_param basic children 2',
      ];
    case 'negotiate':
      return [
        `auth_param negotiate program ${KERBEROS_HELPER} -k ${kerberos?.keytab} -s ${kerberos?.principal}`,
        'auth_param negotiate children 2',
        'auth_param negotiate keep_alive on',
      ];
  }
}

async function startSquid(
  scheme: SquidScheme,
  account: { user: string; password: string },
  kerberos?: { keytab: string; principal: string },
): Promise<Squid> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-squid-'));
  // Run as root, squid hands its helpers and logs to the "proxy" user.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const passwd = join(dir, 'passwd');
  // basic_ncsa_auth reads htpasswd hashes; digest_file_auth plain "user:password" lines.
  const secret =
    scheme === 'basic'
      ? execFileSync('openssl', ['passwd', '-apr1', account.password], { encoding: 'utf8' }).trim()
      : account.password;
  writeFileSync(passwd, `${account.user}:${secret}\n`, { mode: 0o644 });
  const accessLog = join(dir, 'access.log');
  const conf = [
    `http_port 127.0.0.1:${port}`,
    `pid_filename ${join(dir, 'squid.pid')}`,
    `cache_log ${join(dir, 'cache.log')}`,
    // squid's own format plus the client's port and the Proxy-Authorization header received.
    'logformat bits %ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt %>p %{Proxy-Authorization}>h',
    `access_log stdio:${accessLog} bits`,
    'cache deny all',
    'cache_mem 8 MB',
    `coredump_dir ${dir}`,
    'netdb_filename none',
    'shutdown_lifetime 0 seconds',
    ...authLines(scheme, passwd, kerberos),
    'acl authed proxy_auth REQUIRED',
    'http_access allow authed',
    'http_access deny all',
  ];
  writeFileSync(join(dir, 'squid.conf'), `${conf.join('\n')}\n`);
  const { stop } = await startDaemon('squid', ['-N', '-f', join(dir, 'squid.conf')], {
    port,
    dir,
    // The Kerberos helper finds the tests' realm through KRB5_CONFIG; no replay cache to own.
    env: { ...process.env, KRB5RCACHETYPE: 'none' },
  });
  const entries = (): SquidEntry[] =>
    (existsSync(accessLog) ? readFileSync(accessLog, 'utf8') : '')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const f = line.trim().split(/\s+/);
        return {
          status: f[3]?.split('/')[1] ?? '',
          method: f[5] ?? '',
          url: f[6] ?? '',
          user: f[7] ?? '',
          clientPort: f[10] ?? '',
          proxyAuthorization: f.slice(11).join(' '),
        };
      });
  return {
    url: `http://${scheme === 'negotiate' ? 'localhost' : '127.0.0.1'}:${port}`,
    access: () => entries().map((e) => `${e.status} ${e.method} ${e.url} ${e.user}`),
    entries,
    stop,
  };
}
