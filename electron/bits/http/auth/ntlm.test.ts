import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseIdentity } from './credentials.js';
import {
  authenticateMessage,
  MIC_OFFSET,
  negotiateMessage,
  ntlmv2Response,
  ntowfv2,
  parseChallengeMessage,
} from './ntlm.js';
import { AV, readAvPairs, readField, writeAvPairs } from './ntlm-messages.js';

const hex = (b: Buffer) => b.toString('hex');
const bytes = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// MS-NLMP §4.2.4 (NTLMv2 authentication): inputs of §4.2.1 and the CHALLENGE_MESSAGE of §4.2.4.3.
const SERVER_CHALLENGE = bytes('0123456789abcdef');
const CLIENT_CHALLENGE = bytes('aaaaaaaaaaaaaaaa');
const CHALLENGE_MESSAGE = bytes(`
  4e544c4d53535000 02000000 0c000c00 38000000 33828ae2 0123456789abcdef 0000000000000000
  24002400 44000000 060070170000000f 53006500720076006500720002000c00
  44006f006d00610069006e0001000c00 53006500720076006500720000000000`);

describe('NTLMv2 (MS-NLMP §4.2.4)', () => {
  it('computes ResponseKeyNT = NTOWFv2 of §4.2.4.1.1', () => {
    expect(hex(ntowfv2('Password', 'User', 'Domain'))).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
  });

  it('computes the LMv2 response, NTProofStr and session base key of §4.2.4.1.2 / §4.2.4.2', () => {
    const challenge = parseChallengeMessage(CHALLENGE_MESSAGE);
    expect(challenge.serverChallenge.equals(SERVER_CHALLENGE)).toBe(true);
    const result = ntlmv2Response({
      responseKey: ntowfv2('Password', 'User', 'Domain'),
      serverChallenge: challenge.serverChallenge,
      clientChallenge: CLIENT_CHALLENGE,
      time: Buffer.alloc(8),
      targetInfo: challenge.targetInfo,
    });
    expect(hex(result.lmChallengeResponse)).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
    expect(hex(result.ntProofStr)).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(hex(result.sessionBaseKey)).toBe('8de40ccadbc14a82f15cb0ad0de95ca3');
  });

  it('builds an AUTHENTICATE message carrying the §4.2.4 responses, domain, user and workstation', () => {
    const message = authenticateMessage({
      identity: parseIdentity({ user: 'Domain\\User', password: 'Password' }),
      workstation: 'COMPUTER',
      negotiate: negotiateMessage(),
      challenge: CHALLENGE_MESSAGE,
      clientChallenge: CLIENT_CHALLENGE,
      now: Date.UTC(1601, 0, 1), // FILETIME 0, as in the example
    });
    expect(message.subarray(0, 12).toString('latin1')).toBe('NTLMSSP\0\x03\0\0\0');
    expect(hex(readField(message, 12))).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
    expect(hex(readField(message, 20).subarray(0, 16))).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(readField(message, 28).toString('utf16le')).toBe('Domain');
    expect(readField(message, 36).toString('utf16le')).toBe('User');
    expect(readField(message, 44).toString('utf16le')).toBe('COMPUTER');
  });

  it('with MsvAvTimestamp: reuses the server time, zero LM response, MsvAvFlags 0x2 and a valid MIC', () => {
    const time = Buffer.from('0090d336b734c301', 'hex');
    const info = writeAvPairs([
      { id: AV.NB_DOMAIN_NAME, value: Buffer.from('Domain', 'utf16le') },
      { id: AV.TIMESTAMP, value: time },
    ]);
    const challenge = Buffer.concat([CHALLENGE_MESSAGE.subarray(0, 48), info]);
    challenge.writeUInt16LE(0, 12); // no target name
    challenge.writeUInt16LE(info.length, 40);
    challenge.writeUInt16LE(info.length, 42);
    challenge.writeUInt32LE(48, 44);
    const negotiate = negotiateMessage();
    const message = authenticateMessage({
      identity: parseIdentity({ user: 'User@Domain', password: 'Password' }),
      workstation: 'W',
      negotiate,
      challenge,
      clientChallenge: CLIENT_CHALLENGE,
    });
    expect(readField(message, 12).equals(Buffer.alloc(24))).toBe(true);
    const nt = readField(message, 20);
    expect(nt.subarray(24, 32).equals(time)).toBe(true);
    const returned = readAvPairs(nt.subarray(44, nt.length - 4));
    expect(returned.find((p) => p.id === AV.FLAGS)?.value.readUInt32LE(0)).toBe(2);
    const key = createHmac('md5', ntowfv2('Password', 'User', 'Domain'))
      .update(nt.subarray(0, 16))
      .digest();
    const zeroed = Buffer.from(message);
    zeroed.fill(0, MIC_OFFSET, MIC_OFFSET + 16);
    const mic = createHmac('md5', key).update(negotiate).update(challenge).update(zeroed).digest();
    expect(hex(message.subarray(MIC_OFFSET, MIC_OFFSET + 16))).toBe(hex(mic));
  });

  it("answers a short challenge without target info (squid's ntlm_fake_auth sends one)", () => {
    const short = bytes(
      '4e544c4d535350000200000009000900aeaaaaaa078288a06bc5f584770c93aa0000000000003a00574f524b47524f5550',
    );
    expect(parseChallengeMessage(short).targetInfo.length).toBe(0);
    const message = authenticateMessage({
      identity: parseIdentity({ user: 'ann', password: 'pw' }),
      workstation: 'W',
      negotiate: negotiateMessage(),
      challenge: short,
    });
    expect(readField(message, 36).toString('utf16le')).toBe('ann');
  });

  it('refuses a message that is not an NTLM challenge, in words', () => {
    expect(() => parseChallengeMessage(Buffer.from('hello world, not ntlm at all, really not'))).toThrow(
      /NTLMSSP/,
    );
    expect(() => parseChallengeMessage(negotiateMessage())).toThrow(/type 2/);
  });
});
