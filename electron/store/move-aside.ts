import { existsSync, renameSync } from 'node:fs';

/** Companion files SQLite keeps beside a database; they belong to it and must move with it. */
const COMPANIONS = ['-wal', '-shm', '-journal'] as const;

/** Local time as YYYYMMDD-HHMMSS: what a person reading the folder expects to see. */
export function fileStamp(at: number): string {
  const d = new Date(at);
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-` +
    `${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`
  );
}

function freeName(base: string): string {
  const taken = (name: string): boolean =>
    existsSync(name) || COMPANIONS.some((suffix) => existsSync(`${name}${suffix}`));
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    if (!taken(`${base}-${n}`)) return `${base}-${n}`;
  }
}

/**
 * Renames a closed database file and its companions to `<path>.<label>-<stamp>` and returns the new
 * name. Companions go first: a -wal left behind at the old name would be replayed into the fresh
 * database created there next, corrupting it. Nothing is ever deleted.
 */
export function moveDatabaseAside(path: string, label: string, at: number): string {
  const target = freeName(`${path}.${label}-${fileStamp(at)}`);
  for (const suffix of COMPANIONS) {
    if (existsSync(`${path}${suffix}`)) renameSync(`${path}${suffix}`, `${target}${suffix}`);
  }
  renameSync(path, target);
  return target;
}
