const STORAGE_KEY = 'bits-uploader.token';

/**
 * The serve host's access token: it arrives once in the URL fragment (`#token=…`, never sent
 * to the server or a Referer), is kept in sessionStorage for reloads, and is taken out of the
 * address bar so it is not bookmarked, shared in a screenshot or left in the history.
 */
export function takeAccessToken(location: Location, storage: Storage, history: History): string | undefined {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    storage.setItem(STORAGE_KEY, fromUrl);
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(
      history.state,
      '',
      `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`,
    );
    return fromUrl;
  }
  return storage.getItem(STORAGE_KEY) ?? undefined;
}

/** Forgets a token the host refused, so a reload asks for the link again instead of failing quietly. */
export function forgetAccessToken(storage: Storage): void {
  storage.removeItem(STORAGE_KEY);
}
