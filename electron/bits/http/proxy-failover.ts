import { describeProxy } from './proxy-config.js';
import { proxyError } from './proxy-errors.js';
import type { ProxyRoute } from './proxy-resolver.js';
import { dialProxy } from './proxy-tunnel.js';
import { TransportError } from './transport.js';

/** A fallback is for a proxy that is down; one that drops packets should not hold us long. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * A PAC answer with fallbacks ("PROXY a:1; PROXY b:2; DIRECT") becomes the first entry that
 * works: each proxy is dialled once and the first one that accepts a connection is used. A
 * proxy that refuses the request later (407, CONNECT refused) is a real answer, not skipped.
 * Routes without fallbacks are returned as they are (their failure is reported as it happens).
 */
export async function firstReachable(route: ProxyRoute, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProxyRoute> {
  if (route.kind === 'direct' || !route.fallbacks?.length) return route;
  const { fallbacks, ...first } = route;
  const tried: string[] = [];
  let lastError: TransportError | undefined;
  for (const candidate of [{ kind: 'proxy' as const, proxy: route.proxy }, ...fallbacks]) {
    if (candidate.kind === 'direct') return { kind: 'direct', reason: 'pac', pac: route.pac };
    try {
      const socket = await dialProxy(candidate.proxy, timeoutMs);
      socket.destroy();
      return { ...first, proxy: candidate.proxy };
    } catch (error) {
      if (!(error instanceof TransportError) || error.details.proxy?.cause === undefined) throw error;
      const cause = error.details.proxy.cause;
      if (cause !== 'unreachable' && cause !== 'timeout') throw error;
      tried.push(describeProxy(candidate.proxy));
      lastError = error;
    }
  }
  const detail = `${lastError?.details.proxy?.detail ?? 'unreachable'}; every proxy the PAC file ${route.pac ?? ''} listed was unreachable: ${tried.join(', ')}`;
  const last = fallbacks.findLast((c) => c.kind === 'proxy');
  throw proxyError(last?.kind === 'proxy' ? last.proxy : route.proxy, 'unreachable', detail, {
    code: lastError?.details.code,
  });
}
