/**
 * Where one file goes for a destination (issue 6): a BITS folder URL ends in '/' and each file
 * becomes `<folder URL><percent-encoded file name>`; any other URL is that one file's URL.
 * The query string, if any, stays after the path. Throws TypeError for an unusable name or URL.
 */
export function fileUrlFor(destination: string, fileName: string): string {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    throw new TypeError(`"${destination}" is not a valid URL.`);
  }
  if (!isFolderUrl(url)) return url.href;
  return withPath(url, url.pathname + encodeFileName(fileName));
}

/** True when the URL names a folder (its path ends in '/'), so files are added below it. */
export function isFolderUrl(url: string | URL): boolean {
  return (typeof url === 'string' ? new URL(url) : url).pathname.endsWith('/');
}

/**
 * One path segment for a file name: everything outside the unreserved set is percent-encoded.
 * '.' and '..' are refused: URLs treat them (even as %2E) as "this folder" and "the parent".
 */
export function encodeFileName(fileName: string): string {
  if (fileName === '' || fileName === '.' || fileName === '..' || /[/\\\0]/.test(fileName)) {
    throw new TypeError(`"${fileName.replaceAll('\0', '\\0')}" is not a file name.`);
  }
  return encodeURIComponent(fileName).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function withPath(url: URL, pathname: string): string {
  const copy = new URL(url.href);
  copy.pathname = pathname;
  return copy.href;
}
