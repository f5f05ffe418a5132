import { describe, expect, it } from 'vitest';
import { ScriptedTransport } from '../../testing/scripted-transport.js';
import type { HttpRequest, RequestBody } from '../transport.js';
import { AuthTransport } from './auth-transport.js';

const URL_ = new URL('https://up.example/up/a.bin');
const request = (packet: string, body?: RequestBody): HttpRequest => ({
  method: 'BITS_POST',
  url: URL_,
  headers: [['BITS-Packet-Type', packet]],
  body,
  sendTimeoutMs: 1000,
  responseTimeoutMs: 1000,
});
const bytes = (n: number): RequestBody => ({
  length: n,
  async *chunks() {
    yield new Uint8Array(n);
  },
});
const fragment = () => ({ ...request('Fragment', bytes(100_000)), authProbe: request('Ping') });

function setup(credentials = { user: 'ann', password: 'pw' }, trusted = true) {
  const inner = new ScriptedTransport();
  return { inner, auth: new AuthTransport(inner, { credentials, trusted: () => trusted, kerberos: false }) };
}

describe('AuthTransport', () => {
  it('answers a 401 to a fragment with the small probe first, then sends the body once more', async () => {
    const { inner, auth } = setup();
    const answer = auth.request(fragment());
    const first = await inner.next();
    expect(first.packetType).toBe('Fragment');
    first.respond(401, { 'WWW-Authenticate': 'Digest realm="r", nonce="n", qop="auth"' });
    const probe = await inner.next();
    expect(probe.packetType).toBe('Ping');
    expect(probe.body.length).toBe(0);
    expect(probe.header('Authorization')).toMatch(/^Digest .*nc=00000001/);
    probe.respond(200);
    const again = await inner.next();
    expect(again.packetType).toBe('Fragment');
    expect(again.body.length).toBe(100_000);
    expect(again.header('Authorization')).toMatch(/^Digest .*nc=00000002/);
    again.respond(200);
    expect((await answer).status).toBe(200);
  });

  it('never sends a body twice on a guess: a fragment with no probe gets the 401 back', async () => {
    const { inner, auth } = setup();
    const answer = auth.request(request('Fragment', bytes(10)));
    (await inner.next()).respond(401, { 'WWW-Authenticate': 'Basic realm="r"' });
    expect((await answer).status).toBe(401);
  });

  it('refused credentials end with the 401, after one try per scheme', async () => {
    const { inner, auth } = setup();
    const answer = auth.request(request('Ping'));
    (await inner.next()).respond(401, { 'WWW-Authenticate': 'Basic realm="r"' });
    const retry = await inner.next();
    expect(retry.header('Authorization')).toBe(`Basic ${Buffer.from('ann:pw').toString('base64')}`);
    retry.respond(401, { 'WWW-Authenticate': 'Basic realm="r"' });
    expect((await answer).status).toBe(401);
  });

  it('picks the strongest scheme offered: NTLM over Digest over Basic', async () => {
    const { inner, auth } = setup({ user: 'CORP\\ann', password: 'pw' });
    const answer = auth.request(request('Ping'));
    (await inner.next()).respond(401, [
      ['WWW-Authenticate', 'Basic realm="r"'],
      ['WWW-Authenticate', 'Digest realm="r", nonce="n"'],
      ['WWW-Authenticate', 'NTLM'],
    ]);
    const leg = await inner.next();
    expect(leg.header('Authorization')).toMatch(/^NTLM TlRMTVNTUAAB/);
    leg.respond(401, { 'WWW-Authenticate': 'NTLM' });
    const refused = await answer;
    expect(refused.status).toBe(401);
    // What was tried travels with the 401, for the message.
    expect(refused.authAttempts).toEqual(['NTLM as CORP\\ann was refused']);
  });

  it('never offers credentials to an untrusted origin, and passes through without credentials', async () => {
    const { inner, auth } = setup(undefined, false);
    const answer = auth.request(request('Ping'));
    (await inner.next()).respond(401, { 'WWW-Authenticate': 'Basic realm="r"' });
    expect((await answer).status).toBe(401);
    const bare = new AuthTransport(inner, { trusted: () => true });
    const second = bare.request(request('Ping'));
    (await inner.next()).respond(401, { 'WWW-Authenticate': 'Basic realm="r"' });
    expect((await second).status).toBe(401);
  });
});
