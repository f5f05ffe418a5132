import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BitsError } from '../../electron/bits/errors.js';
import { randomFile, serverFor, storedBytes, tempDir, uploadWithRetries } from './support.js';
import { withoutKerberosTicket } from './support-kdc.js';

const FRAGMENT = 64 * 1024;
const USERS = { 'CORP\\ann': 's3cret' };

async function upload(server: Awaited<ReturnType<typeof serverFor>>, user: string, size = 5 * FRAGMENT + 17) {
  const dir = await tempDir();
  const file = await randomFile(dir, size);
  const result = await uploadWithRetries({
    url: server.url('/up/auth.bin'),
    kind: 'upload',
    filePath: file.path,
    fragmentSize: FRAGMENT,
    auth: { headers: [], credentials: { user, password: 's3cret' } },
  });
  return { result, file };
}

/** Fragment requests that carried a body the server read in full, and their status. */
const fragments = (server: Awaited<ReturnType<typeof serverFor>>) =>
  server.log.filter((entry) => entry.packetType === 'Fragment').map((entry) => entry.status);

describe('client ⇄ reference server: Digest, NTLMv2 and Negotiate', () => {
  it('uploads through Digest (SHA-256 picked over MD5), answering the challenge once and then preemptively', async () => {
    const server = await serverFor({ auth: { scheme: 'digest', users: { ann: 's3cret' } } });
    const { file } = await upload(server, 'ann');
    expect((await storedBytes(server, '/up/auth.bin')).equals(file.bytes)).toBe(true);
    expect(server.log.filter((entry) => entry.status === 401)).toHaveLength(1);
    expect(server.log[0]?.packetType).toBe('Create-Session');
    const later = server.log
      .slice(1)
      .map((e) => e.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1]);
    expect(later.every((value) => /^Digest .*algorithm=SHA-256.*nc=0000000\d/.test(value ?? ''))).toBe(true);
    expect(fragments(server).every((status) => status === 200)).toBe(true);
  });

  it('Digest with a non-ASCII user name (username*) uploads, the server decoding the same account', async () => {
    const server = await serverFor({ auth: { scheme: 'digest', users: { 'Jäsøn 张': 's3cret' } } });
    const { file } = await upload(server, 'Jäsøn 张', 2 * FRAGMENT);
    expect((await storedBytes(server, '/up/auth.bin')).equals(file.bytes)).toBe(true);
    expect(server.authStats?.refused).toBe(0);
  });

  it('takes a new nonce when the server says stale=true, without sending a fragment body twice', async () => {
    const server = await serverFor({ auth: { scheme: 'digest', users: { ann: 's3cret' }, nonceUses: 2 } });
    const { file } = await upload(server, 'ann');
    expect((await storedBytes(server, '/up/auth.bin')).equals(file.bytes)).toBe(true);
    // The fragment that met the stale nonce was answered 401 and re-sent after a Ping renewed it.
    const stale = server.log.filter((entry) => entry.status === 401);
    expect(stale.length).toBeGreaterThan(1);
    expect(server.authStats?.refused).toBe(0);
    const ranges = server.log
      .filter((entry) => entry.packetType === 'Fragment' && entry.status === 200)
      .map((entry) => entry.headers.find(([n]) => n.toLowerCase() === 'content-range')?.[1]);
    expect(new Set(ranges).size).toBe(ranges.length);
  });

  it('NTLMv2: one handshake for a multi-fragment upload on one keep-alive connection', async () => {
    const server = await serverFor({ auth: { scheme: 'ntlm', users: USERS } });
    const { file } = await upload(server, 'CORP\\ann');
    expect((await storedBytes(server, '/up/auth.bin')).equals(file.bytes)).toBe(true);
    expect(fragments(server)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(server.authStats?.handshakes).toBe(1);
    expect(new Set(server.log.map((entry) => entry.connectionId)).size).toBe(1);
    // Only the handshake's two legs carry a header: the fragments ride the authenticated connection.
    const withHeader = server.log.filter((e) => e.headers.some(([n]) => n.toLowerCase() === 'authorization'));
    expect(withHeader).toHaveLength(2);
  });

  it('NTLMv2: a forced disconnect costs exactly one more handshake, done on a Ping before the next fragment', async () => {
    const server = await serverFor({ auth: { scheme: 'ntlm', users: USERS } });
    server.faults.add({ match: { packet: 'Fragment', nth: 2 }, action: { type: 'close-after' } });
    const { file, result } = await upload(server, 'ann@CORP');
    expect(result.attempts).toBe(1);
    expect((await storedBytes(server, '/up/auth.bin')).equals(file.bytes)).toBe(true);
    expect(server.authStats?.handshakes).toBe(2);
    expect([...(server.authStats?.byConnection.values() ?? [])]).toEqual([1, 1]);
    const second = server.log.filter((e) => e.connectionId === server.log.at(-1)?.connectionId);
    // The scheme is known by then: the Ping opens with the NEGOTIATE message, no bare round trip.
    expect(second.map((e) => `${e.packetType} ${e.status}`).slice(0, 3)).toEqual([
      'Ping 401',
      'Ping 200',
      'Fragment 200',
    ]);
    expect(fragments(server).every((status) => status === 200)).toBe(true);
  });

  it('upload-reply under NTLM: the reply download rides the authenticated connection too', async () => {
    const server = await serverFor({ auth: { scheme: 'ntlm', users: USERS } });
    const dir = await tempDir();
    const file = await randomFile(dir, 3 * FRAGMENT);
    const replyPath = join(dir, 'reply.txt');
    const result = await uploadWithRetries({
      url: server.url('/reply/in/data.bin'),
      kind: 'upload-reply',
      filePath: file.path,
      replyPath,
      fragmentSize: FRAGMENT,
      auth: { headers: [], credentials: { user: 'CORP\\ann', password: 's3cret' } },
    });
    expect(result.outcome.replyBytes).toBeGreaterThan(0);
    expect(await readFile(replyPath, 'utf8')).toContain(
      createHash('sha256').update(file.bytes).digest('hex'),
    );
    const gets = server.log.filter((entry) => entry.method === 'GET' || entry.method === 'HEAD');
    expect(gets.length).toBeGreaterThan(0);
    expect(gets.every((entry) => entry.status === 200 || entry.status === 206)).toBe(true);
    expect(server.authStats?.handshakes).toBe(1);
  });

  it('a reply download on a new connection gets its own handshake (HEAD/GET), then the bytes', async () => {
    const server = await serverFor({ auth: { scheme: 'ntlm', users: USERS } });
    // The final fragment's answer closes the connection: the reply is fetched on a fresh one.
    server.faults.add({ match: { packet: 'Fragment', nth: 2 }, action: { type: 'close-after' } });
    const dir = await tempDir();
    const file = await randomFile(dir, 2 * FRAGMENT);
    const replyPath = join(dir, 'reply.txt');
    await uploadWithRetries({
      url: server.url('/reply/in/data.bin'),
      kind: 'upload-reply',
      filePath: file.path,
      replyPath,
      fragmentSize: FRAGMENT,
      auth: { headers: [], credentials: { user: 'CORP\\ann', password: 's3cret' } },
    });
    expect(await readFile(replyPath, 'utf8')).toContain(
      createHash('sha256').update(file.bytes).digest('hex'),
    );
    expect(server.authStats?.handshakes).toBe(2);
    const fresh = server.log.filter((e) => e.connectionId === server.log.at(-1)?.connectionId);
    expect(fresh[0]?.method).not.toBe('BITS_POST');
  });

  it('Negotiate without a Kerberos ticket falls back to NTLM inside Negotiate', async () => {
    await withoutKerberosTicket();
    const server = await serverFor({ auth: { scheme: 'negotiate', users: USERS } });
    const { file } = await upload(server, 'CORP\\ann', 2 * FRAGMENT);
    expect((await storedBytes(server, '/up/auth.bin')).equals(file.bytes)).toBe(true);
    expect(server.authStats?.lastMechanism).toBe('NTLM');
    expect(server.authStats?.handshakes).toBe(1);
    const header = server.log[1]?.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1] ?? '';
    expect(header).toMatch(/^Negotiate TlRMTVNTUA/);
  });

  it('a wrong NTLM password is a fatal 401 after one handshake, not a loop', async () => {
    const server = await serverFor({ auth: { scheme: 'ntlm', users: USERS } });
    const dir = await tempDir();
    const file = await randomFile(dir, 1000);
    const error = await uploadWithRetries({
      url: server.url('/up/x.bin'),
      kind: 'upload',
      filePath: file.path,
      auth: { headers: [], credentials: { user: 'CORP\\ann', password: 'wrong' } },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BitsError);
    expect((error as BitsError).httpStatus).toBe(401);
    expect((error as BitsError).classification).toBe('fatal');
    expect(server.log).toHaveLength(3);
    expect(server.authStats?.refused).toBe(1);
  });

  it('a scheme we do not speak gets a message naming what the server offered', async () => {
    const server = await serverFor();
    server.faults.add({
      match: { packet: 'Create-Session' },
      action: {
        type: 'raw',
        response:
          'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm="x"\r\nWWW-Authenticate: Mutual\r\nContent-Length: 0\r\n\r\n',
      },
    });
    const dir = await tempDir();
    const file = await randomFile(dir, 10);
    const error = (await uploadWithRetries({
      url: server.url('/up/x.bin'),
      kind: 'upload',
      filePath: file.path,
      auth: { headers: [], credentials: { user: 'ann', password: 'p' } },
    }).catch((e: unknown) => e)) as BitsError;
    expect(error.message).toMatch(
      /asks for Bearer, Mutual authentication, which this client does not support/,
    );
    expect(error.hint).toMatch(/Negotiate, NTLM, Digest, Basic/);
  });
});
