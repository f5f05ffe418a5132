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
    const shown = String(url);
    // Echo a bounded prefix: the input may be megabytes long.
    const quoted = JSON.stringify(shown.length > 200 ? `${shown.slice(0, 200)}…` : shown);
    throw new DestinationError('invalid', `${quoted} is not a valid URL.`);
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
  // Port 0 can never be connected to: refused now rather than retried for the no-progress timeout.
  if (parsed.port === '0') {
    throw new DestinationError('invalid', `${parsed.hostname}:0 has port 0, which no server can listen on.`);
  }
  if (!parsed.hostname) throw new DestinationError('invalid', 'The URL has no host name.');
  parsed.hash = '';
  return parsed;
}
