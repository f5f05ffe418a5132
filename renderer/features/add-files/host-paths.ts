/** Paths of the host's disk as the browser sees them: '/'-rooted, or a Windows host's "C:\…". */
function separatorOf(path: string): '/' | '\\' {
  return !path.startsWith('/') && path.includes('\\') ? '\\' : '/';
}

/** A folder's child, with the host's own separator. */
export function childPath(folder: string, name: string): string {
  const sep = separatorOf(folder);
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}

export interface Crumb {
  label: string;
  path: string;
  /** False above the folders the host shares: listing it would be refused. */
  reachable: boolean;
}

/** "/", "srv", "outbox" for /srv/outbox; only the shared folders and what is below them reachable. */
export function breadcrumbs(path: string, roots: readonly string[]): Crumb[] {
  const sep = separatorOf(path);
  const parts = path.split(sep).filter((part) => part !== '');
  const crumbs: Crumb[] = [];
  let current = sep === '/' ? '/' : '';
  if (sep === '/') crumbs.push({ label: '/', path: '/', reachable: false });
  for (const part of parts) {
    current = current === '' ? `${part}${sep}` : childPath(current, part);
    crumbs.push({ label: part, path: current, reachable: false });
  }
  const inside = (candidate: string) =>
    roots.length === 0 ||
    roots.some(
      (root) => candidate === root || candidate.startsWith(root.endsWith(sep) ? root : `${root}${sep}`),
    );
  for (const crumb of crumbs) crumb.reachable = inside(crumb.path);
  return crumbs;
}
