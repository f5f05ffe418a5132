/**
 * File names are limited in bytes, not characters (255 bytes of UTF-8 on Linux and macOS file
 * systems): 80 CJK characters are already 240 bytes. Pure helpers, shared by the reply naming
 * in the engine and the temp files of the reply download.
 */

export const MAX_FILE_NAME_BYTES = 255;

/** Bytes the temp file of a reply adds to the name it is built from: `.<job id>.bits-part.json`. */
export const TEMP_SUFFIX_RESERVE = '.'.length + 36 + '.bits-part.json'.length;

function codePointBytes(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** Length of `text` in UTF-8 (a lone surrogate counts as the 3-byte replacement it becomes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += codePointBytes(char.codePointAt(0)!);
  return bytes;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, cut between characters. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += codePointBytes(char.codePointAt(0)!);
    if (bytes > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}
