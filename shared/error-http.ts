import type { ErrorFacts, Wording } from './error-explain.js';

/**
 * Plain words for an HTTP failure status (BITS reports it as 0x80190000 + status), following
 * electron/bits/classify.ts's describeStatus: the reason short enough for a row.
 */
export function httpReason(status: number, facts: Pick<ErrorFacts, 'message'>): Wording {
  const retried = 'It will be retried automatically.';
  switch (status) {
    case 400:
      return {
        reason: 'The server rejected the request as malformed',
        todo: 'Check the URL and any custom headers.',
      };
    case 401:
      return {
        reason: 'The server needs a user name and password',
        todo: 'Give the job a user name and password, or check that they are right.',
      };
    case 403:
      return {
        reason: 'The server refused the upload: access denied, or a file with this name exists',
        todo: 'Check your permissions on the server, or upload under another name.',
      };
    case 404:
      return {
        reason: 'There is no BITS upload endpoint at this URL',
        todo: 'Check the URL; on IIS a 404 can also mean BITS uploads are off or the size limit was hit.',
      };
    case 405:
    case 501:
      return {
        reason: 'The server (or a proxy) does not accept BITS uploads at this URL',
        todo: 'Check the URL, and that no proxy or URL filter blocks the BITS_POST method.',
      };
    case 407:
      return /refused/i.test(facts.message ?? '')
        ? { reason: 'The proxy refused its user name or password', todo: 'Check the proxy credentials.' }
        : {
            reason: 'The proxy needs a user name and password',
            todo: 'Give the proxy user name and password.',
          };
    case 408:
      return { reason: 'The server timed out waiting for the request', transient: retried };
    case 409:
      return {
        reason: 'A file with this name already exists on the server',
        todo: 'Upload under another name, or ask the administrator to allow overwrites.',
      };
    case 411:
      return {
        reason: 'The server says the request had no length',
        todo: 'A proxy may be rewriting requests.',
      };
    case 413:
      return {
        reason: 'The server refuses even the smallest fragment size',
        todo: 'The server or a proxy limits request sizes below what BITS can work with.',
      };
    case 429:
      return { reason: 'The server is busy and asked to slow down', transient: retried };
    case 503:
      return { reason: 'The server is unavailable for now', transient: retried };
    case 505:
      return { reason: 'The server does not support HTTP/1.1', todo: 'BITS needs an HTTP/1.1 server.' };
    default:
      if (status >= 300 && status < 400)
        return {
          reason: 'The server redirected the request, and BITS uploads are never redirected',
          todo: 'Use the final URL of the upload endpoint.',
        };
      if (status >= 500) return { reason: 'The server had an internal problem', transient: retried };
      return { reason: `The server refused the request (HTTP ${status})` };
  }
}
