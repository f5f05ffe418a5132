/**
 * The bypass list (NO_PROXY syntax, as curl and most tools read it): entries separated by commas
 * or spaces; "*" bypasses everything; "example.com" or ".example.com" a domain and its
 * subdomains; "host:port" only that port; IP addresses and [IPv6] literals as written.
 */
export interface BypassList {
  readonly all: boolean;
  readonly entries: ReadonlyArray<{ host: string; port?: string }>;
}

export function parseBypassList(text: string | undefined): BypassList {
  const entries: Array<{ host: string; port?: string }> = [];
  let all = false;
  for (const raw of (text ?? '').split(/[\s,]+/)) {
    const item = raw.trim().toLowerCase();
    if (!item) continue;
    if (item === '*') {
      all = true;
      continue;
    }
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(item);
    if (bracketed) {
      entries.push({ host: bracketed[1]!, port: bracketed[2] });
      continue;
    }
    const hostPort = /^([^:]+):(\d+)$/.exec(item);
    const host = (hostPort ? hostPort[1]! : item).replace(/^\*?\./, '');
    entries.push(hostPort ? { host, port: hostPort[2] } : { host });
  }
  return { all, entries };
}

/** Whether the list names this destination (so it goes direct). */
export function bypasses(list: BypassList, target: URL): boolean {
  if (list.all) return true;
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return list.entries.some(
    (entry) =>
      (entry.port === undefined || entry.port === port) &&
      (host === entry.host || host.endsWith(`.${entry.host}`)),
  );
}

/** localhost, 127.0.0.0/8 and ::1: what proxies from the environment never carry. */
export function isLoopback(target: URL): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
}
