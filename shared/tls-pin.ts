/**
 * Server certificate pins: the SHA-256 of the leaf certificate (DER), written as
 * "sha256:AB:CD:..." (what `openssl x509 -fingerprint -sha256` prints, colons optional) or as
 * "sha256/<base64>" / "sha256:<base64>". Stored and compared as Node prints fingerprint256:
 * upper-case hex pairs joined by colons.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Bytes(text: string): number[] | undefined {
  const clean = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean)) return undefined;
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    value = (value << 6) | B64.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  return bytes;
}

/** The pin in canonical form, or undefined when it is not a SHA-256 fingerprint. */
export function normalizePin(raw: string): string | undefined {
  const text = raw.trim().replace(/^sha-?256[:/=]?/i, '');
  const hex = text.replace(/[:\s]/g, '');
  if (/^[0-9a-f]{64}$/i.test(hex)) return hex.toUpperCase().match(/../g)!.join(':');
  const bytes = base64Bytes(text);
  if (bytes?.length === 32) return bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
  return undefined;
}

export const PIN_HELP =
  'a pin is sha256:AB:CD:... (64 hex digits) or sha256/<base64> of the server certificate';
