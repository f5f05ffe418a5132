/**
 * The only URLs the app hands to the operating system's browser (shell.openExternal): parsed,
 * http or https, with a host, without credentials. Anything else (file:, javascript:, custom
 * schemes that start other programs, smb: that leaks NTLM hashes) is refused.
 */
export function externalUrl(candidate: unknown): string | undefined {
  if (typeof candidate !== 'string' || candidate.length > 8_192) return undefined;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.hostname === '' || url.username !== '' || url.password !== '') return undefined;
  return url.href;
}
