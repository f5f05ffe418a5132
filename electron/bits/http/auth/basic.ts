import type { AuthIdentity } from './credentials.js';

/** RFC 7617 Basic: the given user name and password, UTF-8, base64. */
export function basicAuthorization(identity: AuthIdentity): string {
  return `Basic ${Buffer.from(`${identity.given}:${identity.password}`, 'utf8').toString('base64')}`;
}
