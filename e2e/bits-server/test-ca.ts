import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface IssuedCert {
  keyPath: string;
  certPath: string;
  key: string;
  cert: string;
}

export interface IssueOptions {
  /** CN of the subject. */
  name: string;
  /** subjectAltName, e.g. "IP:127.0.0.1,DNS:localhost" (server certificates). */
  altNames?: string;
  /** Validity as openssl ca takes it (YYYYMMDDHHMMSSZ); default: from a day ago, for 30 days. */
  notBefore?: string;
  notAfter?: string;
  /** 'client' adds extendedKeyUsage clientAuth, 'server' serverAuth. */
  usage?: 'server' | 'client';
}

/** openssl's date form for a time `days` from now (negative: in the past). */
export function opensslDate(days: number): string {
  return `${new Date(Date.now() + days * 86_400_000).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/**
 * A throwaway certificate authority made with the openssl binary in a temp folder (never
 * committed): `openssl ca` signs leaves with any validity window, past or future, which is how
 * expired and not-yet-valid certificates are made without faking the clock.
 */
export class TestCa {
  private serial = 0;

  private constructor(
    readonly dir: string,
    readonly name: string,
    readonly certPath: string,
    readonly keyPath: string,
    readonly cert: string,
  ) {}

  static async create(dir: string, name = 'BITS Test CA'): Promise<TestCa> {
    const home = path.join(dir, name.replace(/\W+/g, '-'));
    await mkdir(path.join(home, 'newcerts'), { recursive: true });
    await writeFile(path.join(home, 'index.txt'), '');
    await writeFile(path.join(home, 'serial'), '1000\n');
    await writeFile(path.join(home, 'ca.cnf'), caConfig(home));
    const keyPath = path.join(home, 'ca-key.pem');
    const certPath = path.join(home, 'ca.pem');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '30',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    return new TestCa(home, name, certPath, keyPath, await readFile(certPath, 'utf8'));
  }

  /** A leaf signed by this CA (or by itself with `selfSigned`). */
  async issue(options: IssueOptions & { selfSigned?: boolean }): Promise<IssuedCert> {
    const base = path.join(this.dir, `leaf-${++this.serial}`);
    const keyPath = `${base}-key.pem`;
    const csrPath = `${base}.csr`;
    const certPath = `${base}.pem`;
    const extPath = `${base}.ext`;
    await run('openssl', [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      csrPath,
      '-subj',
      `/CN=${options.name}`,
    ]);
    const ext = [
      'basicConstraints=CA:FALSE',
      `extendedKeyUsage=${options.usage === 'client' ? 'clientAuth' : 'serverAuth'}`,
      ...(options.altNames ? [`subjectAltName=${options.altNames}`] : []),
    ];
    await writeFile(extPath, `${ext.join('\n')}\n`);
    await run('openssl', [
      'ca',
      '-batch',
      '-notext',
      '-config',
      path.join(this.dir, 'ca.cnf'),
      ...(options.selfSigned
        ? ['-selfsign', '-keyfile', keyPath]
        : ['-cert', this.certPath, '-keyfile', this.keyPath]),
      '-in',
      csrPath,
      '-out',
      certPath,
      '-extfile',
      extPath,
      '-startdate',
      options.notBefore ?? opensslDate(-1),
      '-enddate',
      options.notAfter ?? opensslDate(30),
    ]);
    const [key, cert] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
    return { keyPath, certPath, key, cert };
  }

  /** The leaf and key as one PKCS#12 file with this passphrase. */
  async pkcs12(leaf: IssuedCert, passphrase: string): Promise<string> {
    const out = leaf.certPath.replace(/\.pem$/, '.p12');
    await run('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      leaf.keyPath,
      '-in',
      leaf.certPath,
      '-out',
      out,
      '-passout',
      `pass:${passphrase}`,
    ]);
    return out;
  }
}

/** SHA-256 fingerprint of a PEM certificate as openssl prints it (AB:CD:...). */
export async function fingerprintOf(certPath: string): Promise<string> {
  const { stdout } = await run('openssl', ['x509', '-in', certPath, '-noout', '-fingerprint', '-sha256']);
  return stdout.trim().replace(/^.*=/, '');
}

function caConfig(home: string): string {
  return `[ ca ]
default_ca = test_ca
[ test_ca ]
dir = ${home}
database = ${home}/index.txt
new_certs_dir = ${home}/newcerts
serial = ${home}/serial
default_md = sha256
policy = any_name
unique_subject = no
email_in_dn = no
[ any_name ]
commonName = supplied
`;
}
