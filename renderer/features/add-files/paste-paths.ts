/**
 * File paths from the clipboard, one per line, as file managers and shells copy them: plain,
 * in double or single quotes ("Copy as path" on Windows), or as file:// URLs (GNOME, KDE,
 * Finder). Lines that are none of these (prose, http URLs) are not paths and are dropped.
 */
export function parsePastedPaths(text: string): string[] {
  const paths: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const path = pathOfLine(raw.trim());
    if (path && !paths.includes(path)) paths.push(path);
  }
  return paths;
}

function pathOfLine(line: string): string | undefined {
  let text = line;
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.at(-1) === text[0]) {
    text = text.slice(1, -1);
  }
  if (/^file:/i.test(text)) return fromFileUrl(text);
  // Absolute paths only: "C:\…", "\\server\share\…" or "/…"; a relative one has no folder to be in.
  if (/^[A-Za-z]:[\\/]/.test(text) || text.startsWith('\\\\') || text.startsWith('/')) return text;
  return undefined;
}

function fromFileUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  // file:///C:/Users/… is a Windows drive path; file://server/share/… a UNC one.
  if (/^\/[A-Za-z]:\//.test(path)) return path.slice(1).replaceAll('/', '\\');
  if (url.host && url.host !== 'localhost') return `\\\\${url.host}${path.replaceAll('/', '\\')}`;
  return path || undefined;
}
