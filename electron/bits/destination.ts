/** Why a destination URL cannot be used; hosts word the 'credentials' case for their own UI. */
export class DestinationError extends TypeError {
  constructor(
    readonly reason: 'invalid' | 'scheme' | 'credentials',
    message: string,
  ) {
    super(message);
    this.name = 'DestinationError';
  }
}

/**
 * The upload's destination URL, checked once for every layer (protocol, engine, CLI): http(s)
 * only, no credentials inside (they would travel to any host and be logged), no fragment.
 */
export function parseDestination(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DestinationError('invalid', `"${String(url)}" is not a valid URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DestinationError(
      'scheme',
      `BITS uploads need an http:// or https:// URL, not ${parsed.protocol}`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new DestinationError('credentials', 'Credentials belong in the job settings, not in the URL.');
  }
  parsed.hash = '';
  return parsed;
}
