import type { PacCandidate } from './pac-answer.js';
import type { PacCache } from './pac-cache.js';
import { pacProxyResolver } from './pac-proxy-resolver.js';
import { type BypassList, bypasses, isLoopback, parseBypassList } from './proxy-bypass.js';
import { ProxyConfigError, type ProxyEndpoint, parseProxyUrl } from './proxy-config.js';

/** Where a proxy choice came from, for `check` and for error messages. */
export type ProxySource = 'job' | 'setting' | 'environment';

export type ProxyRoute =
  | { kind: 'direct'; reason: 'none' | 'bypass' | 'loopback' | 'pac'; pac?: string }
  | {
      kind: 'proxy';
      proxy: ProxyEndpoint;
      source: ProxySource;
      /** The PAC file that chose this proxy. */
      pac?: string;
      /** The rest of a PAC answer, tried in order when the proxy is unreachable. */
      fallbacks?: readonly PacCandidate[];
    };

/**
 * The port every proxy choice goes through: a URL in, a route out. Asynchronous because a PAC
 * script (FindProxyForURL, run in a sandbox) is the one resolver that must compute per URL.
 */
export interface ProxyResolver {
  resolve(target: URL): Promise<ProxyRoute>;
  /** Its answer led to a failure: look again next time (a PAC file is fetched anew). */
  invalidate?(): void;
}

export const DIRECT: ProxyResolver = { resolve: async () => ({ kind: 'direct', reason: 'none' }) };

/** One proxy for everything the bypass list does not name, loopback included (an explicit choice). */
export function fixedProxyResolver(
  proxy: ProxyEndpoint,
  source: ProxySource,
  bypass: BypassList = parseBypassList(''),
): ProxyResolver {
  return {
    resolve: async (target) =>
      bypasses(bypass, target) ? { kind: 'direct', reason: 'bypass' } : { kind: 'proxy', proxy, source },
  };
}

type Env = Record<string, string | undefined>;

/** Lower case first, as curl reads them (HTTP_PROXY in upper case is unsafe in CGI, so it is second). */
function envValue(env: Env, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value?.trim() ? value.trim() : undefined;
}

/**
 * HTTPS_PROXY for https destinations, HTTP_PROXY for http ones, NO_PROXY as the bypass list
 * (either case). Like Go's ProxyFromEnvironment, loopback never goes through an environment
 * proxy: a proxy exported for the internet must not swallow a local test server.
 */
export function environmentProxyResolver(env: Env): ProxyResolver {
  const bypass = parseBypassList(envValue(env, 'no_proxy'));
  const parsed = new Map<string, ProxyEndpoint | undefined>();
  const proxyFor = (name: string) => {
    if (!parsed.has(name)) {
      const raw = envValue(env, name);
      parsed.set(name, raw === undefined ? undefined : parseProxyUrl(raw));
    }
    return parsed.get(name);
  };
  return {
    async resolve(target) {
      const proxy = proxyFor(target.protocol === 'https:' ? 'https_proxy' : 'http_proxy');
      if (!proxy) return { kind: 'direct', reason: 'none' };
      if (isLoopback(target)) return { kind: 'direct', reason: 'loopback' };
      if (bypasses(bypass, target)) return { kind: 'direct', reason: 'bypass' };
      return { kind: 'proxy', proxy, source: 'environment' };
    },
  };
}

/**
 * What the user configured, most specific first. `proxy` is a URL, or "direct" for none; `pac`
 * a PAC file's URL or path.
 */
export interface ProxyChoice {
  job?: { proxy?: string; pac?: string; credentials?: { user: string; password: string } };
  setting?: { proxy: string; bypass?: string; pac?: string };
  env: Env;
  /** Where PAC files are kept once fetched (needed when a PAC file is chosen). */
  pacCache?: PacCache;
}

/**
 * The job's proxy or PAC file, else the setting's, else the environment's, else none. "direct"
 * at either level means no proxy at all (not even the environment's). Throws ProxyConfigError
 * on a bad URL.
 */
export function chooseProxyResolver(choice: ProxyChoice): ProxyResolver {
  const bypass = parseBypassList(choice.setting?.bypass);
  const credentials = choice.job?.credentials;
  const job = choice.job?.proxy?.trim();
  if (job) {
    if (job.toLowerCase() === 'direct') return DIRECT;
    return fixedProxyResolver(parseProxyUrl(job, credentials), 'job', bypass);
  }
  const jobPac = choice.job?.pac?.trim();
  if (jobPac) return pacResolver(jobPac, 'job', choice, credentials);
  const setting = choice.setting?.proxy.trim();
  if (setting) {
    if (setting.toLowerCase() === 'direct') return DIRECT;
    return fixedProxyResolver(parseProxyUrl(setting), 'setting', bypass);
  }
  const settingPac = choice.setting?.pac?.trim();
  if (settingPac) return pacResolver(settingPac, 'setting', choice, credentials);
  return environmentProxyResolver(choice.env);
}

function pacResolver(
  location: string,
  source: ProxySource,
  choice: ProxyChoice,
  credentials?: { user: string; password: string },
): ProxyResolver {
  if (!choice.pacCache) throw new ProxyConfigError(`A PAC file (${location}) needs a PAC cache here.`);
  return pacProxyResolver(location, { source, cache: choice.pacCache, credentials });
}
