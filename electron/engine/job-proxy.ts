import { CoreError } from '../../shared/contract/core-api.js';
import { describeProxy, ProxyConfigError, parseProxyUrl } from '../bits/http/proxy-config.js';
import type { JobOptions } from '../store/index.js';

/**
 * A job's proxy as stored: the URL without credentials (so it can be shown), the credentials
 * apart (given separately, or taken out of the URL). "direct" is kept as the choice of no proxy.
 */
export function jobProxyOptions(
  proxy: string | undefined,
  credentials: { user: string; password: string } | undefined,
): Pick<JobOptions, 'proxy' | 'proxyCredentials'> {
  const text = proxy?.trim();
  if (!text) return credentials ? { proxyCredentials: credentials } : {};
  if (text.toLowerCase() === 'direct') return { proxy: 'direct' };
  try {
    const parsed = parseProxyUrl(text, credentials);
    const auth = parsed.credentials;
    return auth ? { proxy: describeProxy(parsed), proxyCredentials: auth } : { proxy: describeProxy(parsed) };
  } catch (error) {
    if (error instanceof ProxyConfigError) throw new CoreError('invalid-input', error.message);
    throw error;
  }
}
