import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { freePort, startDaemon } from './support-daemon.js';

export const REALM = 'BITS.TEST';
const ENV = ['KRB5_CONFIG', 'KRB5_KDC_PROFILE', 'KRB5CCNAME', 'KRB5_KTNAME'] as const;

/** Why the Kerberos test skips, or undefined when MIT's KDC tools and the kerberos package are here. */
export const KDC_MISSING = ((): string | undefined => {
  for (const tool of ['krb5kdc', 'kdb5_util', 'kadmin.local', 'kinit']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is not installed (apt-get install krb5-kdc krb5-admin-server krb5-user)`;
    }
  }
  return undefined;
})();

/** Points this process's Kerberos at `values` for the test (GSSAPI reads the environment), restored after. */
function useEnvironment(values: Partial<Record<(typeof ENV)[number], string>>): void {
  const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
  for (const name of ENV) {
    if (values[name] === undefined) delete process.env[name];
    else process.env[name] = values[name];
  }
  onTestFinished(() => {
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
}

/** An empty ticket cache for the test: "no Kerberos ticket", whatever the machine's own state. */
export async function withoutKerberosTicket(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-nokrb-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'krb5.conf'), '[libdefaults]\n  default_realm = NOWHERE.TEST\n');
  useEnvironment({ KRB5_CONFIG: join(dir, 'krb5.conf'), KRB5CCNAME: `FILE:${join(dir, 'cc')}` });
}

export interface Kdc {
  kdcLog(): string;
  /** The keytab holding HTTP/localhost's key (what a server or squid accepts tickets with). */
  readonly keytab: string;
  readonly principal: string;
  /** Stops krb5kdc while the ticket cache stays: "KDC unreachable" for the next service ticket. */
  stop(): Promise<void>;
}

/**
 * A throwaway MIT Kerberos realm: database, the user `user` with `password`, the service
 * HTTP/localhost with a keytab, krb5kdc in the foreground on a 127.0.0.1 port, and a ticket
 * (kinit) in a temp cache; the process's KRB5_* variables point at it until the test ends.
 */
export async function startKdc(account: { user: string; password: string }): Promise<Kdc> {
  const dir = await mkdtemp(join(tmpdir(), 'bits-kdc-'));
  // squid's Kerberos helper runs as the "proxy" user: it must read krb5.conf and the keytab.
  chmodSync(dir, 0o755);
  const port = await freePort();
  writeFileSync(
    join(dir, 'krb5.conf'),
    [
      '[libdefaults]',
      `  default_realm = ${REALM}`,
      '  dns_lookup_realm = false',
      '  dns_lookup_kdc = false',
      '  rdns = false',
      '  dns_canonicalize_hostname = false',
      '  udp_preference_limit = 1',
      '[realms]',
      `  ${REALM} = {`,
      `    kdc = 127.0.0.1:${port}`,
      '  }',
      '[domain_realm]',
      `  localhost = ${REALM}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'kdc.conf'),
    [
      '[kdcdefaults]',
      `  kdc_listen = 127.0.0.1:${port}`,
      `  kdc_tcp_listen = 127.0.0.1:${port}`,
      '[realms]',
      `  ${REALM} = {`,
      `    database_name = ${join(dir, 'principal')}`,
      `    key_stash_file = ${join(dir, 'stash')}`,
      `    acl_file = ${join(dir, 'kadm5.acl')}`,
      '  }',
      '[logging]',
      `  kdc = FILE:${join(dir, 'kdc.log')}`,
      '',
    ].join('\n'),
  );
  const keytab = join(dir, 'http.keytab');
  useEnvironment({
    KRB5_CONFIG: join(dir, 'krb5.conf'),
    KRB5_KDC_PROFILE: join(dir, 'kdc.conf'),
    KRB5CCNAME: `FILE:${join(dir, 'cc')}`,
    KRB5_KTNAME: `FILE:${keytab}`,
  });
  const run = (command: string, args: string[], input?: string) =>
    execFileSync(command, args, { env: process.env, input, stdio: ['pipe', 'pipe', 'pipe'] });
  run('kdb5_util', ['create', '-s', '-r', REALM, '-P', 'master-key-for-tests']);
  run('kadmin.local', ['-q', `addprinc -pw ${account.password} ${account.user}`]);
  run('kadmin.local', ['-q', 'addprinc -randkey HTTP/localhost']);
  run('kadmin.local', ['-q', `ktadd -k ${keytab} HTTP/localhost`]);
  chmodSync(keytab, 0o644);
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const { stop } = await startDaemon('krb5kdc', ['-n'], { port });
  run('kinit', [account.user], `${account.password}\n`);
  const logPath = join(dir, 'kdc.log');
  return {
    kdcLog: () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : ''),
    keytab,
    principal: `HTTP/localhost@${REALM}`,
    stop,
  };
}
