/** A proxy to send requests through: where it is, and the Basic credentials it wants, if any. */
export interface ProxyEndpoint {
  /** http://host:port (no credentials, no path). */
  readonly url: URL;
  readonly credentials?: { user: string; password: string };
}

export class ProxyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyConfigError';
  }
}

const DEFAULT_PORT = 8080;

/**
 * "http://user:pass@proxy:3128", "proxy:3128" (http assumed), or a URL plus separate credentials
 * (which win over any in the URL). Only HTTP proxies: HTTPS to the proxy and SOCKS are refused
 * with a clear message. Errors never repeat the credentials.
 */
export function parseProxyUrl(raw: string, credentials?: { user: string; password: string }): ProxyEndpoint {
  const text = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ProxyConfigError(`"${redactText(text)}" is not a proxy URL (expected http://host:port).`);
  }
  if (url.protocol !== 'http:') {
    throw new ProxyConfigError(
      `Proxy ${redactText(text)}: only HTTP proxies are supported (http://host:port), not ${url.protocol.slice(0, -1)}.`,
    );
  }
  if (!url.hostname) throw new ProxyConfigError(`Proxy ${redactText(text)} has no host name.`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new ProxyConfigError(`Proxy ${redactText(text)}: give only scheme, host and port (no path).`);
  }
  const fromUrl = url.username
    ? { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
    : undefined;
  const clean = new URL(`http://${url.host}`);
  // URL drops an explicit :80 like a missing port: only a port never written means 8080.
  const written = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/]*):\d+/i.test(withScheme);
  if (!clean.port && !written) clean.port = String(DEFAULT_PORT);
  const auth = credentials ?? fromUrl;
  return auth ? { url: clean, credentials: auth } : { url: clean };
}

/** The proxy as people see it in messages and logs: http://host:port. */
export function describeProxy(proxy: ProxyEndpoint): string {
  return proxy.url.origin;
}

/** Any user:password@ in a proxy URL replaced, for error messages about a URL we could not parse. */
export function redactText(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/, '//***@').replace(/^[^/:@\s]+:[^/@\s]*@/, '***@');
}
