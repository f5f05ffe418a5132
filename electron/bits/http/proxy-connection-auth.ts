import { proxyLegToken } from './auth/proxy-auth.js';
import { proxyError } from './proxy-errors.js';
import type { ProxiedRequest } from './proxy-router.js';
import type { HttpRequest, HttpResponse, TransportError } from './transport.js';

/** NTLM takes two legs, Kerberos one; a proxy that keeps asking past this is refusing. */
const MAX_LEGS = 4;

export interface ProxyHandshakeDeps {
  /** Sends one request through the proxy with these extra headers, on the connection the agent picks. */
  dispatch(request: HttpRequest, extra: Array<[string, string]>): Promise<HttpResponse>;
  /** The id of the connection the next request would reuse, if any. */
  nextConnection(): number | undefined;
}

/**
 * NTLM or Negotiate with a proxy for absolute-form requests: the handshake authenticates the
 * keep-alive connection to the proxy, so it runs once per connection, on the request itself when
 * it has no body, else on its small probe (a Ping), so a fragment is never sent twice. Resolves
 * with the answer when the request itself carried the last leg; undefined when the probe did and
 * the request is still to be sent (on the connection now authenticated). Connections that
 * completed a handshake are added to `authenticated`.
 */
export async function proxyHandshake(
  request: HttpRequest,
  via: ProxiedRequest & { handshake: NonNullable<ProxiedRequest['handshake']> },
  authenticated: Set<number>,
  deps: ProxyHandshakeDeps,
): Promise<HttpResponse | undefined> {
  const carrier = (request.body?.length ?? 0) > 0 && request.authProbe ? request.authProbe : request;
  const handshake = await via.handshake();
  let header = await handshake.first();
  for (let leg = 1; ; leg++) {
    const response = await deps.dispatch(carrier, [['Proxy-Authorization', header]]);
    if (response.status !== 407) {
      if (response.connection) authenticated.add(response.connection.id);
      if (carrier === request) return response;
      await response.discard();
      return undefined;
    }
    const token = proxyLegToken(response.headers.raw, handshake.word);
    const next = token && leg < MAX_LEGS ? await handshake.next(token) : undefined;
    await response.discard();
    if (!next) throw refused(via, response, `${handshake.mechanism} handshake refused`);
    // The next leg must go on the connection this one went on, or the proxy forgets the handshake.
    if (response.connection === undefined || deps.nextConnection() !== response.connection.id) {
      throw refused(
        via,
        response,
        `it closed the connection in the middle of the ${handshake.mechanism} handshake`,
      );
    }
    header = next;
  }
}

function refused(via: ProxiedRequest, response: HttpResponse, detail: string): TransportError {
  const statusLine = `HTTP/${response.httpVersion} ${response.status} ${response.statusText}`;
  return proxyError(via.proxy, 'auth-refused', `${statusLine}; ${detail}`, {
    status: response.status,
    statusLine,
  });
}
