import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { md4 } from '../../../shared/md4.js';
import { lookupPassword } from './auth-options.js';

/**
 * Server side of NTLMv2 (MS-NLMP §3.2), written from the specification: issues a CHALLENGE with
 * target info (domain, computer, MsvAvTimestamp) and checks the AUTHENTICATE's NTProofStr, the
 * echoed challenge time, and the MIC when the client flags one.
 */

const SIG = Buffer.from('NTLMSSP\0', 'latin1');
const hmac = (key: Uint8Array, ...parts: Uint8Array[]) => {
  const mac = createHmac('md5', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
};
const u16 = (s: string) => Buffer.from(s, 'utf16le');

function field(msg: Buffer, at: number): Buffer {
  const len = msg.readUInt16LE(at);
  const off = msg.readUInt32LE(at + 4);
  if (off + len > msg.length) throw new Error('field out of range');
  return msg.subarray(off, off + len);
}

function avPair(id: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(id, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, value]);
}

/** One connection's handshake in progress. */
export interface NtlmPending {
  negotiate: Buffer;
  challenge: Buffer;
  serverChallenge: Buffer;
  time: Buffer;
}

export function messageType(token: Buffer): number | undefined {
  if (token.length < 12 || !token.subarray(0, 8).equals(SIG)) return undefined;
  return token.readUInt32LE(8);
}

/** The CHALLENGE_MESSAGE answering a NEGOTIATE_MESSAGE. */
export function challengeFor(negotiate: Buffer, domain: string): NtlmPending {
  const serverChallenge = randomBytes(8);
  const time = Buffer.alloc(8);
  time.writeBigUInt64LE((BigInt(Date.now()) + 11_644_473_600_000n) * 10_000n);
  const info = Buffer.concat([
    avPair(2, u16(domain)),
    avPair(1, u16('BITSSERVER')),
    avPair(7, time),
    avPair(0, Buffer.alloc(0)),
  ]);
  const target = u16(domain);
  const head = Buffer.alloc(48);
  SIG.copy(head);
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(target.length, 12);
  head.writeUInt16LE(target.length, 14);
  head.writeUInt32LE(48, 16);
  // Unicode, request target, NTLM, always sign, target type domain, extended session security, target info.
  head.writeUInt32LE(0x00898205 >>> 0, 20);
  serverChallenge.copy(head, 24);
  head.writeUInt16LE(info.length, 40);
  head.writeUInt16LE(info.length, 42);
  head.writeUInt32LE(48 + target.length, 44);
  return { negotiate, challenge: Buffer.concat([head, target, info]), serverChallenge, time };
}

/** Checks an AUTHENTICATE_MESSAGE; the account's name on success. */
export function verifyAuthenticate(
  message: Buffer,
  pending: NtlmPending,
  users: Record<string, string>,
): { user: string; domain: string } | undefined {
  if (messageType(message) !== 3 || message.length < 64) return undefined;
  const nt = field(message, 20);
  const domain = field(message, 28).toString('utf16le');
  const user = field(message, 36).toString('utf16le');
  const password = lookupPassword(users, user, domain);
  if (password === undefined || nt.length < 48) return undefined;
  const key = hmac(md4(u16(password)), u16(user.toUpperCase() + domain));
  const proof = nt.subarray(0, 16);
  const blob = nt.subarray(16);
  const expected = hmac(key, pending.serverChallenge, blob);
  if (!timingSafeEqual(proof, expected)) return undefined;
  // The blob must carry our time back (it is in the target info we sent with MsvAvTimestamp).
  if (!blob.subarray(8, 16).equals(pending.time)) return undefined;
  const flags = readAvFlags(blob.subarray(28));
  if (flags & 0x2) {
    const mic = Buffer.from(message.subarray(72, 88));
    const zeroed = Buffer.from(message);
    zeroed.fill(0, 72, 88);
    const sessionKey = hmac(key, proof);
    if (!timingSafeEqual(mic, hmac(sessionKey, pending.negotiate, pending.challenge, zeroed)))
      return undefined;
  }
  return { user, domain };
}

function readAvFlags(info: Buffer): number {
  for (let at = 0; at + 4 <= info.length; ) {
    const id = info.readUInt16LE(at);
    const len = info.readUInt16LE(at + 2);
    if (id === 0) break;
    if (id === 6 && len >= 4) return info.readUInt32LE(at + 4);
    at += 4 + len;
  }
  return 0;
}
