/** The upload's destination URL, checked: http(s) only, no credentials inside, no fragment. */
export function parseDestination(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`not a valid URL: ${String(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`BITS uploads need an http:// or https:// URL, not ${parsed.protocol}`);
  }
  if (parsed.username || parsed.password) {
    throw new TypeError('put credentials in --user, not in the URL');
  }
  parsed.hash = '';
  return parsed;
}
