import { describe, expect, it } from 'vitest';
import { checkEndpoint } from '../../electron/bits/check-endpoint.js';
import type { BitsError } from '../../electron/bits/errors.js';
import { kerberosAvailable } from '../../electron/bits/http/auth/auth-transport.js';
import { createNodeTransport } from '../../electron/bits/http/node-transport.js';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';
import { KDC_MISSING, startKdc, withoutKerberosTicket } from './support-kdc.js';

/*
 * Negotiate falls back to NTLM at run time: no ticket, no credentials cache, the KDC gone, or a
 * server that answers the Kerberos token with another 401 while offering NTLM or Negotiate.
 */
const FRAGMENT = 64 * 1024;
const USERS = { 'BITS\\ann': 'nt-password' };
const CREDENTIALS = { user: 'BITS\\ann', password: 'nt-password' };
const KERBEROS_MISSING = (await kerberosAvailable())
  ? undefined
  : 'the optional kerberos package does not load';

async function check(url: string, credentials = CREDENTIALS) {
  const transport = createNodeTransport();
  try {
    return await checkEndpoint({ url, transport, auth: { headers: [], credentials } });
  } finally {
    transport.close();
  }
}

async function upload(url: string, credentials = CREDENTIALS) {
  const file = await randomFile(await tempDir(), 3 * FRAGMENT + 5);
  await uploadWithRetries({
    url,
    kind: 'upload',
    filePath: file.path,
    fragmentSize: FRAGMENT,
    auth: { headers: [], credentials },
    maxAttempts: 1,
  });
  return file.bytes;
}

/** The Authorization headers the server received, as "<word> <first 3 characters of the token>". */
const authWords = (log: Array<{ headers: Array<[string, string]> }>) =>
  log.flatMap((entry) => {
    const value = entry.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1];
    return value ? [`${value.split(' ')[0]} ${value.split(' ')[1]?.slice(0, 3)}`] : [];
  });

describe('Negotiate without Kerberos at hand', () => {
  it('no credentials cache: NTLM inside Negotiate, once per connection for the upload', async () => {
    await withoutKerberosTicket();
    const server = await serverFor({ auth: { scheme: 'negotiate', users: USERS } });
    const bytes = await upload(`http://localhost:${server.port}/up/nocache.bin`);
    expect((await storedBytes(server, '/up/nocache.bin')).equals(bytes)).toBe(true);
    expect(server.authStats?.lastMechanism).toBe('NTLM');
    expect(server.authStats?.handshakes).toBe(1);
  });

  it('nothing works: the error names each way tried and why it failed', async () => {
    await withoutKerberosTicket();
    const server = await serverFor({ auth: { scheme: 'negotiate', users: USERS } });
    const report = await check(`http://localhost:${server.port}/up/x.bin`, {
      user: 'BITS\\ann',
      password: 'wrong',
    });
    expect(report.ok).toBe(false);
    expect(report.problem?.kind).toBe('auth');
    expect(report.problem?.message).toMatch(
      /refused every way this client tried to authenticate \(HTTP 401\): Kerberos: could not get a Kerberos ticket for HTTP@localhost \(.+\); then NTLM inside Negotiate as BITS\\ann was refused\./,
    );
  });
});

describe.skipIf(KDC_MISSING ?? KERBEROS_MISSING)(
  'Negotiate with a ticket, when Kerberos fails anyway',
  () => {
    it('the KDC is unreachable for the service ticket: NTLM, and the upload completes', async () => {
      const kdc = await startKdc({ user: 'ann', password: 's3cret' });
      await kdc.stop();
      const server = await serverFor({
        auth: { scheme: 'negotiate', users: USERS, kerberosService: 'HTTP@localhost' },
      });
      const bytes = await upload(`http://localhost:${server.port}/up/nokdc.bin`);
      expect((await storedBytes(server, '/up/nokdc.bin')).equals(bytes)).toBe(true);
      expect(server.authStats?.lastMechanism).toBe('NTLM');
      expect(server.authStats?.handshakes).toBe(1);
      // With a wrong password as well, the message says why Kerberos was not used.
      const report = await check(`http://localhost:${server.port}/up/x.bin`, {
        user: 'BITS\\ann',
        password: 'wrong',
      });
      expect(report.problem?.message).toMatch(
        /Kerberos: could not get a Kerberos ticket for HTTP@localhost \(.*KDC.*\); then NTLM inside Negotiate as BITS\\ann was refused\.$/,
      );
    });

    it('the server answers the Kerberos token with a 401 offering NTLM: NTLM, then kept for the connection', async () => {
      await startKdc({ user: 'ann', password: 's3cret' });
      // Our ticket is for HTTP/localhost; this server holds no key for it and refuses the token.
      const server = await serverFor({
        auth: { scheme: 'negotiate', users: USERS, kerberosService: 'HTTP@elsewhere', offerNtlm: true },
      });
      const bytes = await upload(`http://localhost:${server.port}/up/refused-krb.bin`);
      expect((await storedBytes(server, '/up/refused-krb.bin')).equals(bytes)).toBe(true);
      expect(server.authStats?.lastMechanism).toBe('NTLM');
      expect(server.authStats?.handshakes).toBe(1);
      expect(authWords(server.log)).toEqual(['Negotiate YII', 'NTLM TlR', 'NTLM TlR']);
    });

    it('the same with only Negotiate offered: NTLM tokens inside Negotiate, as Windows sends them', async () => {
      await startKdc({ user: 'ann', password: 's3cret' });
      const server = await serverFor({
        auth: { scheme: 'negotiate', users: USERS, kerberosService: 'HTTP@elsewhere' },
      });
      const report = await check(`http://localhost:${server.port}/up/probe.bin`);
      expect(report.ok).toBe(true);
      expect(report.auth).toBe('Negotiate (NTLM)');
      expect(server.authStats?.lastMechanism).toBe('NTLM');
    });

    it('refused Kerberos and refused NTLM: the error says both', async () => {
      await startKdc({ user: 'ann', password: 's3cret' });
      const server = await serverFor({
        auth: { scheme: 'negotiate', users: USERS, kerberosService: 'HTTP@elsewhere', offerNtlm: true },
      });
      const error = (await upload(`http://localhost:${server.port}/up/x.bin`, {
        user: 'BITS\\ann',
        password: 'wrong',
      }).catch((e: unknown) => e)) as BitsError;
      expect(error.message).toBe(
        'The server refused every way this client tried to authenticate (HTTP 401): Kerberos: the server answered the Kerberos token with another 401; then NTLM as BITS\\ann was refused.',
      );
      expect(error.classification).toBe('fatal');
    });
  },
);
