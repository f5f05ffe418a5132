import { describe, expect, it } from 'vitest';
import { checkEndpoint } from '../../electron/bits/check-endpoint.js';
import type { BitsError } from '../../electron/bits/errors.js';
import { kerberosAvailable } from '../../electron/bits/http/auth/auth-transport.js';
import { createNodeTransport } from '../../electron/bits/http/node-transport.js';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';
import { KDC_MISSING, REALM, startKdc, withoutKerberosTicket } from './support-kdc.js';

const FRAGMENT = 64 * 1024;
const ACCOUNT = { user: 'ann', password: 's3cret' };
const USERS = { 'BITS\\ann': 'nt-password' };
const KERBEROS_MISSING = (await kerberosAvailable())
  ? undefined
  : 'the optional kerberos package does not load';

describe.skipIf(KDC_MISSING ?? KERBEROS_MISSING)(
  'Negotiate with Kerberos against a throwaway MIT KDC',
  () => {
    it('authenticates with the kinit ticket (no password sent), once for a multi-fragment upload', async () => {
      const kdc = await startKdc(ACCOUNT);
      const server = await serverFor({
        auth: { scheme: 'negotiate', users: USERS, kerberosService: 'HTTP@localhost' },
      });
      const file = await randomFile(await tempDir(), 4 * FRAGMENT + 5);
      // The service principal is HTTP/localhost: the URL names the host by that name.
      await uploadWithRetries({
        url: `http://localhost:${server.port}/up/krb.bin`,
        kind: 'upload',
        filePath: file.path,
        fragmentSize: FRAGMENT,
        // Kerberos uses the ticket; the password here would only serve the NTLM fallback.
        auth: { headers: [], credentials: { user: 'BITS\\ann', password: 'nt-password' } },
        maxAttempts: 1,
      });
      expect((await storedBytes(server, '/up/krb.bin')).equals(file.bytes)).toBe(true);
      expect(server.authStats?.lastMechanism).toBe('Kerberos');
      expect(server.authStats?.handshakes).toBe(1);
      const header = server.log[1]?.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1] ?? '';
      expect(header).toMatch(/^Negotiate YII/); // an SPNEGO token, not NTLMSSP
      expect(kdc.kdcLog()).toMatch(new RegExp(`ann@${REALM} for HTTP/localhost@${REALM}`));
    });

    it('mutual authentication: a final Negotiate token that does not verify fails the request', async () => {
      await startKdc(ACCOUNT);
      const server = await serverFor({
        auth: { scheme: 'negotiate', users: USERS, kerberosService: 'HTTP@localhost', tamperMutual: true },
      });
      const file = await randomFile(await tempDir(), 2 * FRAGMENT);
      const error = (await uploadWithRetries({
        url: `http://localhost:${server.port}/up/mutual.bin`,
        kind: 'upload',
        filePath: file.path,
        fragmentSize: FRAGMENT,
        auth: { headers: [], credentials: { user: 'BITS\\ann', password: 'nt-password' } },
        maxAttempts: 1,
      }).catch((e: unknown) => e)) as BitsError;
      expect(error.message).toMatch(
        /^The server did not prove who it is: the server's Kerberos answer did not verify \(.+\) for BITS_POST http:\/\/localhost:\d+\/up\/mutual\.bin\. The request was not trusted\.$/,
      );
      expect(error.classification).toBe('fatal');
      // The answer that carried the bad token was not taken: no fragment followed it.
      expect(server.log.map((entry) => entry.packetType)).toEqual(['Create-Session', 'Create-Session']);
    });

    it('check says Negotiate ran on Kerberos', async () => {
      await startKdc(ACCOUNT);
      const server = await serverFor({
        auth: { scheme: 'negotiate', users: USERS, kerberosService: 'HTTP@localhost' },
      });
      const transport = createNodeTransport();
      try {
        const report = await checkEndpoint({
          url: `http://localhost:${server.port}/up/probe.bin`,
          transport,
          auth: { headers: [], credentials: { user: 'BITS\\ann', password: 'nt-password' } },
        });
        expect(report.ok).toBe(true);
        expect(report.auth).toBe('Negotiate (Kerberos)');
      } finally {
        transport.close();
      }
    });
  },
);

describe('Negotiate without a Kerberos ticket', () => {
  it('falls back to NTLM inside Negotiate, and check says so', async () => {
    await withoutKerberosTicket();
    const server = await serverFor({ auth: { scheme: 'negotiate', users: USERS } });
    const transport = createNodeTransport();
    try {
      const report = await checkEndpoint({
        url: server.url('/up/probe.bin'),
        transport,
        auth: { headers: [], credentials: { user: 'BITS\\ann', password: 'nt-password' } },
      });
      expect(report.ok).toBe(true);
      expect(report.auth).toBe('Negotiate (NTLM)');
      expect(server.authStats?.lastMechanism).toBe('NTLM');
    } finally {
      transport.close();
    }
  });
});
