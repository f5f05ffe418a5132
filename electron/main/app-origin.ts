/** The renderer's custom protocol (architecture.md: never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bits-uploader';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * `scheme://host[:port]` of a URL, or undefined when it does not parse. WHATWG URL gives the
 * origin "null" for non-special schemes such as app:, so it is built from protocol and host.
 */
export function originOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.host === '') return undefined;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}
