import { createHmac, randomBytes } from 'node:crypto';
import { md4 } from '../../../../shared/md4.js';
import type { AuthIdentity } from './credentials.js';
import {
  AV,
  type AvPair,
  buildMessage,
  checkHeader,
  FLAGS,
  NtlmFormatError,
  readAvPairs,
  readField,
  utf16,
  writeAvPairs,
} from './ntlm-messages.js';

/** What we ask for: Unicode, NTLM with extended session security, target info; no sign/seal. */
const CLIENT_FLAGS =
  FLAGS.UNICODE |
  FLAGS.OEM |
  FLAGS.REQUEST_TARGET |
  FLAGS.NTLM |
  FLAGS.ALWAYS_SIGN |
  FLAGS.EXTENDED_SESSIONSECURITY |
  FLAGS.TARGET_INFO |
  FLAGS.N128 |
  FLAGS.N56;

const hmacMd5 = (key: Uint8Array, ...data: Uint8Array[]) => {
  const mac = createHmac('md5', key);
  for (const part of data) mac.update(part);
  return mac.digest();
};

/** NTOWFv2 (MS-NLMP §3.3.2): HMAC_MD5(MD4(UNICODE(password)), UNICODE(UPPER(user) + domain)). */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(md4(utf16(password)), utf16(user.toUpperCase() + domain));
}

export interface NtlmV2Result {
  ntProofStr: Buffer;
  ntChallengeResponse: Buffer;
  lmChallengeResponse: Buffer;
  sessionBaseKey: Buffer;
}

/** The NTLMv2 responses (§3.3.2) for a server challenge and the target info we send back. */
export function ntlmv2Response(input: {
  responseKey: Buffer;
  serverChallenge: Buffer;
  clientChallenge: Buffer;
  /** FILETIME, 8 bytes little-endian. */
  time: Buffer;
  targetInfo: Buffer;
  /** With MsvAvTimestamp the LM response is zeros (§3.1.5.1.2). */
  zeroLm?: boolean;
}): NtlmV2Result {
  const temp = Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]),
    input.time,
    input.clientChallenge,
    Buffer.alloc(4),
    input.targetInfo,
    Buffer.alloc(4),
  ]);
  const ntProofStr = hmacMd5(input.responseKey, input.serverChallenge, temp);
  const lmChallengeResponse = input.zeroLm
    ? Buffer.alloc(24)
    : Buffer.concat([
        hmacMd5(input.responseKey, input.serverChallenge, input.clientChallenge),
        input.clientChallenge,
      ]);
  return {
    ntProofStr,
    ntChallengeResponse: Buffer.concat([ntProofStr, temp]),
    lmChallengeResponse,
    sessionBaseKey: hmacMd5(input.responseKey, ntProofStr),
  };
}

export function negotiateMessage(): Buffer {
  const fixed = Buffer.alloc(32);
  fixed.writeUInt32LE(CLIENT_FLAGS >>> 0, 12);
  // Domain and workstation fields stay empty: the AUTHENTICATE message carries both.
  return buildMessage(1, fixed, [
    { at: 16, value: Buffer.alloc(0) },
    { at: 24, value: Buffer.alloc(0) },
  ]);
}

export interface ParsedChallenge {
  flags: number;
  serverChallenge: Buffer;
  targetInfo: Buffer;
}

export function parseChallengeMessage(message: Buffer): ParsedChallenge {
  checkHeader(message, 2);
  if (message.length < 32) throw new NtlmFormatError('the challenge is too short');
  return {
    flags: message.readUInt32LE(20),
    serverChallenge: Buffer.from(message.subarray(24, 32)),
    targetInfo: targetInfoOf(message),
  };
}

/**
 * The target info, or none: old and minimal servers (squid's ntlm_fake_auth among them) send a
 * short challenge whose "target info" field is absent or points nowhere.
 */
function targetInfoOf(message: Buffer): Buffer {
  if (message.length < 48) return Buffer.alloc(0);
  try {
    return Buffer.from(readField(message, 40));
  } catch (error) {
    if (error instanceof NtlmFormatError) return Buffer.alloc(0);
    throw error;
  }
}

/** Windows FILETIME now: 100 ns ticks since 1601-01-01. */
export function fileTime(ms: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE((BigInt(Math.round(ms)) + 11_644_473_600_000n) * 10_000n);
  return out;
}

export interface AuthenticateOptions {
  identity: AuthIdentity;
  workstation: string;
  negotiate: Buffer;
  challenge: Buffer;
  clientChallenge?: Buffer;
  /** Milliseconds since the epoch for the blob's time when the server sent no MsvAvTimestamp. */
  now?: number;
}

/** MIC offset in an AUTHENTICATE message with Version present (§2.2.1.3). */
export const MIC_OFFSET = 72;

/**
 * The AUTHENTICATE message answering a CHALLENGE (§3.1.5.1.2). When the server's target info has
 * MsvAvTimestamp we reuse its time, send a zero LM response, and add the MIC over all three
 * messages (flagged with MsvAvFlags 0x2 in the target info we return).
 */
export function authenticateMessage(options: AuthenticateOptions): Buffer {
  const parsed = parseChallengeMessage(options.challenge);
  const pairs = readAvPairs(parsed.targetInfo);
  const timestamp = pairs.find((p) => p.id === AV.TIMESTAMP)?.value;
  const { identity } = options;
  const responseKey = ntowfv2(identity.password, identity.user, identity.domain);
  let returnedInfo = parsed.targetInfo;
  if (timestamp) {
    const others: AvPair[] = pairs.filter((p) => p.id !== AV.FLAGS);
    const flags = Buffer.alloc(4);
    flags.writeUInt32LE((readFlags(pairs) | 0x2) >>> 0);
    returnedInfo = writeAvPairs([...others, { id: AV.FLAGS, value: flags }]);
  }
  const result = ntlmv2Response({
    responseKey,
    serverChallenge: parsed.serverChallenge,
    clientChallenge: options.clientChallenge ?? randomBytes(8),
    time: timestamp ? Buffer.from(timestamp) : fileTime(options.now ?? Date.now()),
    targetInfo: returnedInfo,
    zeroLm: Boolean(timestamp),
  });
  const flags = (CLIENT_FLAGS & parsed.flags) | FLAGS.UNICODE | FLAGS.NTLM;
  const fixed = Buffer.alloc(timestamp ? 88 : 64);
  fixed.writeUInt32LE((timestamp ? flags | FLAGS.VERSION : flags) >>> 0, 60);
  // Version 6.1.7600 NTLMSSP rev 15, as Windows 7 sends; only present with the MIC.
  if (timestamp) Buffer.from([6, 1, 0xb0, 0x1d, 0, 0, 0, 15]).copy(fixed, 64);
  const message = buildMessage(3, fixed, [
    { at: 12, value: result.lmChallengeResponse },
    { at: 20, value: result.ntChallengeResponse },
    { at: 28, value: utf16(identity.domain) },
    { at: 36, value: utf16(identity.user) },
    { at: 44, value: utf16(options.workstation) },
    { at: 52, value: Buffer.alloc(0) },
  ]);
  if (timestamp) {
    // Without key exchange the exported session key is the session base key (§3.1.5.1.2).
    hmacMd5(result.sessionBaseKey, options.negotiate, options.challenge, message).copy(message, MIC_OFFSET);
  }
  return message;
}

function readFlags(pairs: readonly AvPair[]): number {
  const value = pairs.find((p) => p.id === AV.FLAGS)?.value;
  return value && value.length >= 4 ? value.readUInt32LE(0) : 0;
}
