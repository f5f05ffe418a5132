import { describe, expect, it } from 'vitest';
import { parseChallenges } from '../../electron/bits/http/auth/challenge.js';
import { parseIdentity } from '../../electron/bits/http/auth/credentials.js';
import { DigestSession } from '../../electron/bits/http/auth/digest.js';
import { authenticateMessage, MIC_OFFSET, negotiateMessage } from '../../electron/bits/http/auth/ntlm.js';
import { ServerAuth } from '../bits-server/auth/server-auth.js';

const challengeOf = (verdict: Awaited<ReturnType<ServerAuth['check']>>) =>
  verdict.ok ? [] : verdict.headers.map(([, value]) => value);

describe("the reference server's own verifiers", () => {
  it('Digest: accepts the right answer once per nc, refuses replays, other URIs and wrong passwords', async () => {
    const server = new ServerAuth({ scheme: 'digest', users: { ann: 'pw' }, userhash: true });
    const first = await server.check(1, 'BITS_POST', '/up/a', undefined);
    const [sha256] = parseChallenges(challengeOf(first));
    expect(sha256?.params.get('algorithm')).toBe('SHA-256');
    const session = new DigestSession(parseIdentity({ user: 'ann', password: 'pw' }), sha256!);
    const header = session.authorization('BITS_POST', '/up/a');
    expect((await server.check(1, 'BITS_POST', '/up/a', header)).ok).toBe(true);
    expect((await server.check(1, 'BITS_POST', '/up/a', header)).ok).toBe(false); // same nc again
    expect(
      (await server.check(1, 'BITS_POST', '/up/b', session.authorization('BITS_POST', '/up/a'))).ok,
    ).toBe(false);
    const wrong = new DigestSession(parseIdentity({ user: 'ann', password: 'nope' }), sha256!);
    expect((await server.check(1, 'BITS_POST', '/up/a', wrong.authorization('BITS_POST', '/up/a'))).ok).toBe(
      false,
    );
    expect(server.stats.refused).toBe(3);
  });

  it('NTLM: refuses a tampered MIC, a wrong password, and an AUTHENTICATE on another connection', async () => {
    const server = new ServerAuth({ scheme: 'ntlm', users: { 'CORP\\ann': 'pw' } });
    const negotiate = negotiateMessage();
    const leg = async (connection: number, password: string, tamper = false) => {
      const verdict = await server.check(
        connection,
        'BITS_POST',
        '/',
        `NTLM ${negotiate.toString('base64')}`,
      );
      const token = parseChallenges(challengeOf(verdict))[0]?.token68 ?? '';
      const message = authenticateMessage({
        identity: parseIdentity({ user: 'CORP\\ann', password }),
        workstation: 'W',
        negotiate,
        challenge: Buffer.from(token, 'base64'),
      });
      if (tamper) message[MIC_OFFSET] = (message[MIC_OFFSET] ?? 0) ^ 1;
      return message.toString('base64');
    };
    expect((await server.check(1, 'BITS_POST', '/', `NTLM ${await leg(1, 'pw', true)}`)).ok).toBe(false);
    expect((await server.check(2, 'BITS_POST', '/', `NTLM ${await leg(2, 'bad')}`)).ok).toBe(false);
    const elsewhere = await leg(3, 'pw');
    expect((await server.check(4, 'BITS_POST', '/', `NTLM ${elsewhere}`)).ok).toBe(false);
    expect((await server.check(3, 'BITS_POST', '/', `NTLM ${await leg(3, 'pw')}`)).ok).toBe(true);
    // The connection is authenticated now: later requests on it need no header.
    expect((await server.check(3, 'BITS_POST', '/', undefined)).ok).toBe(true);
    expect((await server.check(5, 'BITS_POST', '/', undefined)).ok).toBe(false);
    expect(server.stats.handshakes).toBe(1);
  });
});
