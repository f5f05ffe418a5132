import { parsePacAnswer } from './pac-answer.js';
import type { PacCache } from './pac-cache.js';
import { PacError } from './pac-script.js';
import { pacFailure } from './proxy-errors.js';
import type { ProxyResolver, ProxySource } from './proxy-resolver.js';

export interface PacResolverOptions {
  /** Where the PAC choice came from (the job or the setting). */
  source: ProxySource;
  /** Basic credentials for whichever proxy the script picks. */
  credentials?: { user: string; password: string };
  cache: PacCache;
}

/**
 * Asks the PAC file's FindProxyForURL per destination. Its first choice is the route; the rest
 * of its list are fallbacks the router tries in order when a proxy is unreachable. The PAC file
 * decides for loopback too (it is an explicit choice, like a proxy URL).
 */
export function pacProxyResolver(location: string, options: PacResolverOptions): ProxyResolver {
  return {
    async resolve(target) {
      let answer: unknown;
      try {
        const find = await options.cache.get(location);
        answer = await find(target);
      } catch (error) {
        if (error instanceof PacError) throw pacFailure(error);
        throw error;
      }
      const { candidates, skipped } = parsePacAnswer(answer, options.credentials);
      const [first, ...fallbacks] = candidates;
      if (!first) {
        const message = `The PAC file ${location} chose only proxies this app cannot use for ${target.host} (${skipped.join('; ')}); only HTTP proxies and DIRECT are supported.`;
        throw pacFailure(new PacError(location, message, 'broken'));
      }
      if (first.kind === 'direct') return { kind: 'direct', reason: 'pac', pac: location };
      return { kind: 'proxy', proxy: first.proxy, source: options.source, pac: location, fallbacks };
    },
    invalidate: () => options.cache.refresh(location),
  };
}
