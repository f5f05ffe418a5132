/**
 * NTLM message framing (MS-NLMP §2.2.1): NEGOTIATE, CHALLENGE and AUTHENTICATE, and the AV pairs
 * of the target info (§2.2.2.1). Only the fields HTTP authentication needs; no signing or sealing.
 */

export const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

/** NegotiateFlags (§2.2.2.5) we use or read. */
export const FLAGS = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  N128: 0x20000000,
  N56: 0x80000000,
} as const;

/** AvId values (§2.2.2.1). */
export const AV = {
  EOL: 0,
  NB_COMPUTER_NAME: 1,
  NB_DOMAIN_NAME: 2,
  DNS_COMPUTER_NAME: 3,
  DNS_DOMAIN_NAME: 4,
  FLAGS: 6,
  TIMESTAMP: 7,
  TARGET_NAME: 9,
} as const;

export class NtlmFormatError extends Error {
  constructor(message: string) {
    super(`Malformed NTLM message: ${message}`);
    this.name = 'NtlmFormatError';
  }
}

export interface AvPair {
  id: number;
  value: Buffer;
}

export function readAvPairs(info: Buffer): AvPair[] {
  const pairs: AvPair[] = [];
  // Old or minimal servers send no target info at all: no pairs, not a malformed message.
  if (info.length === 0) return pairs;
  for (let at = 0; at + 4 <= info.length; ) {
    const id = info.readUInt16LE(at);
    const length = info.readUInt16LE(at + 2);
    if (id === AV.EOL) return pairs;
    if (at + 4 + length > info.length) throw new NtlmFormatError('an AV pair runs past the target info');
    pairs.push({ id, value: info.subarray(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  throw new NtlmFormatError('the target info has no MsvAvEOL');
}

export function writeAvPairs(pairs: readonly AvPair[]): Buffer {
  const parts: Buffer[] = [];
  for (const { id, value } of pairs) {
    const head = Buffer.alloc(4);
    head.writeUInt16LE(id, 0);
    head.writeUInt16LE(value.length, 2);
    parts.push(head, value);
  }
  parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}

/** A security buffer (length, max length, offset) pointing into the message. */
export function readField(message: Buffer, at: number): Buffer {
  if (at + 8 > message.length) throw new NtlmFormatError('the message is too short');
  const length = message.readUInt16LE(at);
  const offset = message.readUInt32LE(at + 4);
  if (length === 0) return Buffer.alloc(0);
  if (offset + length > message.length) throw new NtlmFormatError('a field points past the end');
  return message.subarray(offset, offset + length);
}

export function checkHeader(message: Buffer, type: 1 | 2 | 3): void {
  if (message.length < 12 || !message.subarray(0, 8).equals(SIGNATURE)) {
    throw new NtlmFormatError('no NTLMSSP signature');
  }
  const found = message.readUInt32LE(8);
  if (found !== type) throw new NtlmFormatError(`expected message type ${type}, got ${found}`);
}

/** Lays out a message: fixed header, then each payload field, with security buffers filled in. */
export function buildMessage(
  type: 1 | 2 | 3,
  fixed: Buffer,
  fields: ReadonlyArray<{ at: number; value: Buffer }>,
): Buffer {
  const header = Buffer.alloc(fixed.length);
  fixed.copy(header);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(type, 8);
  let offset = header.length;
  for (const { at, value } of fields) {
    header.writeUInt16LE(value.length, at);
    header.writeUInt16LE(value.length, at + 2);
    header.writeUInt32LE(offset, at + 4);
    offset += value.length;
  }
  return Buffer.concat([header, ...fields.map((f) => f.value)]);
}

export const utf16 = (text: string) => Buffer.from(text, 'utf16le');
