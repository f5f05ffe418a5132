import { describe, expect, it } from 'vitest';
import { createNodeTransport } from '../../electron/bits/http/node-transport.js';
import { parseProxyUrl } from '../../electron/bits/http/proxy-config.js';
import { fixedProxyResolver } from '../../electron/bits/http/proxy-resolver.js';
import { proxyRouterFor } from '../../electron/bits/http/proxy-router.js';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';
import { KDC_MISSING, REALM, startKdc } from './support-kdc.js';
import { SQUID_MISSING, type SquidEntry, startSquidKerberos, startSquidNtlm } from './support-squid.js';

/*
 * NTLM and Negotiate with a proxy for http destinations: absolute-form requests share one
 * keep-alive connection to squid, authenticated by one handshake; a new connection, another.
 */
const FRAGMENT = 64 * 1024;
const via = (proxyUrl: string, credentials: { user: string; password: string }) => ({
  proxy: proxyRouterFor(fixedProxyResolver(parseProxyUrl(proxyUrl, credentials), 'setting')),
});

/** Per connection to squid (client port), how many handshakes began on it (first-leg headers). */
function handshakesPerConnection(entries: SquidEntry[], firstLeg: RegExp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entries.filter((entry) => entry.method === 'BITS_POST' && entry.status === '200')) {
    counts.set(e.clientPort, 0);
  }
  for (const e of entries.filter((entry) => firstLeg.test(entry.proxyAuthorization))) {
    counts.set(e.clientPort, (counts.get(e.clientPort) ?? 0) + 1);
  }
  return counts;
}

const NTLM_NEGOTIATE = /^NTLM%20TlRMTVNTUAAB/; // base64 of "NTLMSSP\0" + type 1

describe.skipIf(SQUID_MISSING)('NTLM with squid for http destinations', () => {
  it('authenticates the connection once, and every packet of a 7-fragment upload goes on it', async () => {
    const squid = await startSquidNtlm();
    const server = await serverFor();
    const file = await randomFile(await tempDir(), 6 * FRAGMENT + 7);
    await uploadWithRetries({
      url: server.url('/up/ntlm-http.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: FRAGMENT,
      transportOptions: via(squid.url, { user: 'CORP\\ann', password: 'pw' }),
      maxAttempts: 1,
    });
    expect((await storedBytes(server, '/up/ntlm-http.bin')).equals(file.bytes)).toBe(true);
    const entries = squid.entries();
    const carried = entries.filter((e) => e.method === 'BITS_POST' && e.status === '200');
    // Every packet the server saw came through squid as an NTLM user (ntlm_fake_auth logs our
    // UTF-16 "CORP\\ann" cut short, but not as "-").
    expect(carried).toHaveLength(server.log.length);
    expect(carried.every((e) => e.user !== '-')).toBe(true);
    expect([...handshakesPerConnection(entries, NTLM_NEGOTIATE).values()]).toEqual([1]);
    // Only the handshake's two legs carried a header; the fragments went without one.
    expect(entries.filter((e) => e.proxyAuthorization.startsWith('NTLM'))).toHaveLength(2);
  });

  it('a new connection to the proxy is authenticated again, and only then', async () => {
    const squid = await startSquidNtlm();
    const server = await serverFor();
    const transport = createNodeTransport(via(squid.url, { user: 'CORP\\ann', password: 'pw' }));
    const url = new URL(server.url('/up/ping.bin'));
    const ping = async () => {
      const answer = await transport.request({
        method: 'BITS_POST',
        url,
        headers: [['BITS-Packet-Type', 'Ping']],
        sendTimeoutMs: 10_000,
        responseTimeoutMs: 10_000,
      });
      await answer.discard();
      return answer.status;
    };
    try {
      for (let i = 0; i < 3; i++) expect(await ping()).toBe(200);
      transport.resetConnection(url.origin);
      for (let i = 0; i < 3; i++) expect(await ping()).toBe(200);
    } finally {
      transport.close();
    }
    const counts = handshakesPerConnection(squid.entries(), NTLM_NEGOTIATE);
    expect([...counts.values()]).toEqual([1, 1]);
    expect(server.log).toHaveLength(6);
  });
});

describe.skipIf(SQUID_MISSING ?? KDC_MISSING)('Negotiate (Kerberos) with squid for http destinations', () => {
  it('negotiate_kerberos_auth accepts our ticket once per connection; the bytes arrive as ann@BITS.TEST', async () => {
    const kdc = await startKdc({ user: 'ann', password: 's3cret' });
    const squid = await startSquidKerberos(kdc.keytab, kdc.principal);
    const server = await serverFor();
    const file = await randomFile(await tempDir(), 3 * FRAGMENT + 7);
    await uploadWithRetries({
      url: server.url('/up/krb-http.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: FRAGMENT,
      // The ticket authenticates; this password would only serve an NTLM fallback.
      transportOptions: via(squid.url, { user: 'ann', password: 'not-used' }),
      maxAttempts: 1,
    });
    expect((await storedBytes(server, '/up/krb-http.bin')).equals(file.bytes)).toBe(true);
    const entries = squid.entries();
    const carried = entries.filter((e) => e.method === 'BITS_POST' && e.status === '200');
    expect(carried).toHaveLength(server.log.length);
    expect(carried.every((e) => e.user === `ann@${REALM}`)).toBe(true);
    // One SPNEGO token (not NTLMSSP) opened the one connection all packets went on.
    expect([...handshakesPerConnection(entries, /^Negotiate%20YII/).values()]).toEqual([1]);
    expect(entries.filter((e) => e.proxyAuthorization.startsWith('Negotiate'))).toHaveLength(1);
    expect(kdc.kdcLog()).toMatch(new RegExp(`ann@${REALM} for HTTP/localhost@${REALM}`));
  });
});
