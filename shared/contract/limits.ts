import { z } from 'zod';

/**
 * Bounds for every string a client may send (the core faces remote, possibly hostile, clients).
 * Each is far above what a real user needs and far below what would bloat memory or the database.
 */
export const LIMITS = {
  /** Browsers and servers cope with about 8 KiB; IIS refuses longer request lines by default. */
  urlChars: 8 * 1024,
  /** PATH_MAX on Linux is 4096 bytes. */
  pathChars: 4096,
  headerNameChars: 256,
  headerValueChars: 4096,
  /** All custom headers of one job together (IIS accepts 16 KiB of request headers by default). */
  headerTotalChars: 16 * 1024,
  userChars: 300,
  /** Long enough for a token used as a password. */
  passwordChars: 8 * 1024,
  searchChars: 1000,
  idChars: 64,
} as const;

/** Line breaks and NUL: never part of a URL, header, user name or id, and a classic injection. */
const LINE_BREAK_OR_NUL = /[\r\n\0]/;
/** C0 controls and DEL: the URL parser drops some of them silently, so the stored URL would differ. */
const CONTROL = /[\x00-\x1f\x7f]/;

/** A bounded string with no CR, LF or NUL. */
export function singleLine(max: number) {
  return z
    .string()
    .max(max)
    .refine((value) => !LINE_BREAK_OR_NUL.test(value), 'must not contain a line break or NUL character');
}

/** A URL as typed: bounded, no control characters (parsed and normalized by the engine). */
export const UrlTextSchema = z
  .string()
  .min(1)
  .max(LIMITS.urlChars)
  .refine(
    (value) => !CONTROL.test(value),
    'a URL cannot contain control characters (line breaks, tabs, NUL)',
  );

/** A local path: bounded, no NUL (the OS would refuse it; CR/LF are legal in POSIX file names). */
export const PathTextSchema = z
  .string()
  .max(LIMITS.pathChars)
  .refine((value) => !value.includes('\0'), 'a path cannot contain a NUL character');

/** RFC 9110 token: the only characters a header name may contain (no ':' that would re-split it). */
export const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
