import { describeProxy } from './proxy-config.js';
import type { ProxyRoute, ProxySource } from './proxy-resolver.js';

/** Where a proxy came from, in the words of whoever set it (the CLI names its own flag). */
export type ProxySourceWords = Record<ProxySource, string>;

export const SETTING_SOURCE_WORDS: ProxySourceWords = {
  job: 'the job’s proxy',
  setting: 'the proxy setting',
  environment: 'the environment',
};

/**
 * How a request reaches its server, in plain words: "http://proxy.corp:3128 (from the proxy
 * setting)", "direct (NO_PROXY)". Never a password: a proxy is named by its origin.
 */
export function routeWords(route: ProxyRoute, sources: ProxySourceWords = SETTING_SOURCE_WORDS): string {
  if (route.kind === 'proxy') {
    const from = route.pac ? `chosen by the PAC file ${route.pac}` : `from ${sources[route.source]}`;
    return `${describeProxy(route.proxy)} (${from})`;
  }
  if (route.reason === 'pac') return `direct (chosen by the PAC file ${route.pac})`;
  return route.reason === 'none'
    ? 'direct'
    : `direct (${route.reason === 'bypass' ? 'NO_PROXY' : 'loopback'})`;
}
