import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDaemon } from './support-daemon.js';

const MODULES = '/usr/lib/apache2/modules';

/** Why the Apache tests skip, or undefined when Debian's apache2 with mod_auth_digest is installed. */
export const APACHE_MISSING = ((): string | undefined => {
  try {
    execFileSync('apache2', ['-v'], { stdio: 'ignore' });
  } catch {
    return 'apache2 is not installed (apt-get install apache2); the Digest end-to-end test needs it';
  }
  return existsSync(join(MODULES, 'mod_auth_digest.so')) ? undefined : 'mod_auth_digest is missing';
})();

export interface Apache {
  readonly origin: string;
  /** The access log: "<method> <path> <status> <user>" per request Apache answered. */
  access(): string[];
  stop(): Promise<void>;
}

/**
 * Debian's Apache (`apache2 -X -f <conf>`, one process, a temp ServerRoot) on a free 127.0.0.1
 * port as a reverse proxy in front of `backend`: `<Location prefix>` requires Digest
 * (mod_auth_digest, an htdigest file) and ProxyPass forwards everything, BITS_POST included.
 */
export async function startApacheDigest(options: {
  backend: string;
  prefix: string;
  realm: string;
  account: { user: string; password: string };
}): Promise<Apache> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-apache-'));
  // Apache started as root serves as www-data: the folder and files must be readable to it.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const { user, password } = options.account;
  const ha1 = createHash('md5').update(`${user}:${options.realm}:${password}`).digest('hex');
  writeFileSync(join(dir, 'htdigest'), `${user}:${options.realm}:${ha1}\n`, { mode: 0o644 });
  const accessLog = join(dir, 'access.log');
  const modules = [
    ['mpm_event', 'mod_mpm_event'],
    ['authn_core', 'mod_authn_core'],
    ['authn_file', 'mod_authn_file'],
    ['authz_core', 'mod_authz_core'],
    ['authz_user', 'mod_authz_user'],
    ['auth_digest', 'mod_auth_digest'],
    ['proxy', 'mod_proxy'],
    ['proxy_http', 'mod_proxy_http'],
  ];
  const conf = [
    `ServerRoot ${dir}`,
    'ServerName 127.0.0.1',
    `Listen 127.0.0.1:${port}`,
    `PidFile ${dir}/httpd.pid`,
    `ErrorLog ${dir}/error.log`,
    'LogLevel warn',
    ...(process.getuid?.() === 0 ? ['User www-data', 'Group www-data'] : []),
    ...modules.map(([name, file]) => `LoadModule ${name}_module ${MODULES}/${file}.so`),
    `LogFormat "%m %U %>s %u" bits`,
    `CustomLog ${accessLog} bits`,
    `<Location "${options.prefix}">`,
    '  AuthType Digest',
    `  AuthName "${options.realm}"`,
    '  AuthDigestProvider file',
    `  AuthUserFile ${dir}/htdigest`,
    '  Require valid-user',
    `  ProxyPass "${options.backend}${options.prefix}"`,
    '</Location>',
  ];
  writeFileSync(join(dir, 'httpd.conf'), `${conf.join('\n')}\n`);
  const { stop } = await startDaemon('apache2', ['-X', '-f', join(dir, 'httpd.conf')], {
    port,
    dir,
    moreOutput: () =>
      existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '',
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    access: () => (existsSync(accessLog) ? readFileSync(accessLog, 'utf8').split('\n').filter(Boolean) : []),
    stop,
  };
}
