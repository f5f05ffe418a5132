// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { forgetAccessToken, takeAccessToken } from './access-token.js';

describe('takeAccessToken', () => {
  beforeEach(() => {
    sessionStorage.clear();
    history.replaceState(null, '', '/');
  });

  it('takes the token from the fragment, keeps it for reloads and removes it from the address bar', () => {
    history.replaceState(null, '', '/?view=queue#token=abc123');
    expect(takeAccessToken(location, sessionStorage, history)).toBe('abc123');
    expect(location.href).not.toContain('abc123');
    expect(location.pathname + location.search + location.hash).toBe('/?view=queue');
    // A reload has no fragment any more: the stored token carries on.
    expect(takeAccessToken(location, sessionStorage, history)).toBe('abc123');
  });

  it('has none without a fragment or a stored one, and forgets a refused one', () => {
    expect(takeAccessToken(location, sessionStorage, history)).toBeUndefined();
    history.replaceState(null, '', '/#token=t');
    takeAccessToken(location, sessionStorage, history);
    forgetAccessToken(sessionStorage);
    expect(takeAccessToken(location, sessionStorage, history)).toBeUndefined();
  });
});
