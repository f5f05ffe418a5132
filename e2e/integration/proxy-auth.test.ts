import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { BitsError } from '../../electron/bits/errors.js';
import { parseProxyUrl } from '../../electron/bits/http/proxy-config.js';
import { fixedProxyResolver } from '../../electron/bits/http/proxy-resolver.js';
import { proxyRouterFor } from '../../electron/bits/http/proxy-router.js';
import { makeSelfSignedCert } from '../bits-server/index.js';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';
import { SQUID_MISSING, startSquidDigest, startSquidNtlm } from './support-squid.js';

const ACCOUNT = { user: 'ann', password: 's3cret' };
const via = (proxyUrl: string, credentials: { user: string; password: string }, ca?: string) => ({
  proxy: proxyRouterFor(fixedProxyResolver(parseProxyUrl(proxyUrl, credentials), 'setting'), { ca }),
  ...(ca ? { tls: { ca } } : {}),
});

describe.skipIf(SQUID_MISSING)('Digest proxy authentication through a real squid', () => {
  it('answers squid’s 407 Digest challenge for http destinations (absolute form) and the bytes arrive', async () => {
    const squid = await startSquidDigest(ACCOUNT);
    const server = await serverFor();
    const file = await randomFile(await tempDir(), 200_000);
    await uploadWithRetries({
      url: server.url('/up/squid.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: 64 * 1024,
      transportOptions: via(squid.url, ACCOUNT),
      maxAttempts: 1,
    });
    expect((await storedBytes(server, '/up/squid.bin')).equals(file.bytes)).toBe(true);
    const carried = squid.access().filter((line) => line.includes('BITS_POST'));
    // Every packet the server saw went through squid, authenticated as ann.
    expect(carried.filter((line) => line.startsWith('200 BITS_POST') && line.endsWith(' ann'))).toHaveLength(
      server.log.length,
    );
    expect(carried.some((line) => line.startsWith('407'))).toBe(true);
  });

  it('answers the 407 on CONNECT for https destinations and keeps one tunnel', async () => {
    const squid = await startSquidDigest(ACCOUNT);
    const dir = await tempDir();
    const cert = await makeSelfSignedCert(dir);
    const server = await serverFor({ tls: { key: cert.key, cert: cert.cert } });
    const file = await randomFile(dir, 150_000);
    const ca = await readFile(cert.caPath, 'utf8');
    await uploadWithRetries({
      url: server.url('/up/tunnel.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: 64 * 1024,
      transportOptions: via(squid.url, ACCOUNT, ca),
      maxAttempts: 1,
    });
    expect((await storedBytes(server, '/up/tunnel.bin')).equals(file.bytes)).toBe(true);
    expect(new Set(server.log.map((entry) => entry.connectionId)).size).toBe(1);
  });

  it('a wrong proxy password is named as refused by the proxy', async () => {
    const squid = await startSquidDigest(ACCOUNT);
    const server = await serverFor();
    const file = await randomFile(await tempDir(), 1000);
    const error = (await uploadWithRetries({
      url: server.url('/up/x.bin'),
      kind: 'upload',
      filePath: file.path,
      transportOptions: via(squid.url, { user: 'ann', password: 'wrong' }),
      maxAttempts: 1,
    }).catch((e: unknown) => e)) as BitsError;
    expect(error.message).toMatch(/proxy .* refused the proxy user name or password/);
    expect(server.log).toHaveLength(0);
  });

  it('NTLM on the CONNECT tunnel: a real NTLMSSP handshake with squid, then the upload inside', async () => {
    const squid = await startSquidNtlm();
    const dir = await tempDir();
    const cert = await makeSelfSignedCert(dir);
    const server = await serverFor({ tls: { key: cert.key, cert: cert.cert } });
    const file = await randomFile(dir, 150_000);
    const ca = await readFile(cert.caPath, 'utf8');
    await uploadWithRetries({
      url: server.url('/up/ntlm-proxy.bin'),
      kind: 'upload',
      filePath: file.path,
      fragmentSize: 64 * 1024,
      transportOptions: via(squid.url, { user: 'CORP\\ann', password: 'pw' }, ca),
      maxAttempts: 1,
    });
    expect((await storedBytes(server, '/up/ntlm-proxy.bin')).equals(file.bytes)).toBe(true);
    // Basic refused, the CHALLENGE, then the AUTHENTICATE opens the tunnel for an NTLM user
    // (ntlm_fake_auth reads names as 8-bit text, so it logs our UTF-16 "CORP\\ann" cut short).
    const connects = squid.access().filter((line) => line.includes('CONNECT'));
    expect(connects.map((line) => line.split(' ')[0])).toEqual(['407', '407', '200']);
    expect(connects.at(-1)).not.toMatch(/ -$/);
  });
});
