import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'bits-uploader.lock';

/** What the lock file says about its holder. */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** When the holding process started (epoch ms). */
  startedAt: number;
  command: string;
  /** Random per acquisition: tells our lock from another holder that happens to reuse our pid. */
  token?: string;
  /** Linux boot id: a pid from an earlier boot is dead whatever now runs under that number. */
  bootId?: string;
}

export class DataDirLockedError extends Error {
  readonly pid: number;
  readonly startedAt: number;
  readonly hostname: string;
  readonly lockPath: string;

  constructor(owner: LockOwner, lockPath: string, sameHost: boolean) {
    super(
      sameHost
        ? `BITS Uploader is already running with this data folder (process ${owner.pid}, started ` +
            `${formatTime(owner.startedAt)}). Close it, or use another --data-dir.`
        : `BITS Uploader may be running with this data folder on another computer (${owner.hostname}, ` +
            `process ${owner.pid}, started ${formatTime(owner.startedAt)}). Close it there, or use another ` +
            `--data-dir; if it is not running, delete ${lockPath}.`,
    );
    this.name = 'DataDirLockedError';
    this.pid = owner.pid;
    this.startedAt = owner.startedAt;
    this.hostname = owner.hostname;
    this.lockPath = lockPath;
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours; safe to call more than once. */
  release(): void;
}

/**
 * Makes this process the only one using `dataDir`, through `<dataDir>/bits-uploader.lock`. A lock
 * left by a dead process (or unreadable) is taken over; a live holder raises DataDirLockedError.
 */
/** Tokens of the locks this process holds: a lock naming our own pid but another token is stale. */
const heldTokens = new Set<string>();

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const me: LockOwner = {
    pid: process.pid,
    hostname: osHostname(),
    startedAt: Math.round(Date.now() - process.uptime() * 1000),
    // Not the arguments: they may carry a password given on the command line.
    command: [process.execPath, process.argv[1]].filter(Boolean).join(' '),
    token: randomUUID(),
  };
  const bootId = currentBootId();
  if (bootId) me.bootId = bootId;
  const content = `${JSON.stringify(me)}\n`;
  const handle: DataDirLock = {
    path: lockPath,
    release() {
      heldTokens.delete(me.token!);
      if (readOwner(lockPath)?.token === me.token) removeIfPresent(lockPath);
    },
  };

  // A few rounds: each one either wins, meets a live holder, or saw the file change under it.
  for (let round = 0; round < 5; round++) {
    if (createExclusive(lockPath, content)) return held(handle, me);
    const raw = readRaw(lockPath);
    if (raw === undefined) continue; // released between our attempt and our look
    const owner = parseOwner(raw);
    if (owner && owner.hostname !== me.hostname) throw new DataDirLockedError(owner, lockPath, false);
    if (owner && isAlive(owner, bootId)) throw new DataDirLockedError(owner, lockPath, true);
    // Stale: replace it in one rename, but only if it is still the file we judged.
    const temp = `${lockPath}.${me.token}.tmp`;
    writeFileSync(temp, content, { mode: 0o600 });
    if (readRaw(lockPath) !== raw) {
      removeIfPresent(temp);
      continue;
    }
    renameSync(temp, lockPath);
    if (readRaw(lockPath) === content) return held(handle, me);
  }
  throw new Error(`Could not take the lock ${lockPath}: it kept changing. Is another copy starting?`);
}

/*
 * The content must appear all at once: a reader meeting a half-written file would call it garbage
 * and take it over. A hard link of a complete temp file is atomic and fails if the name exists;
 * file systems without links (FAT) get the plain exclusive create.
 */
function createExclusive(lockPath: string, content: string): boolean {
  const temp = `${lockPath}.${process.pid}.${randomUUID()}.new`;
  try {
    writeFileSync(temp, content, { flag: 'wx', mode: 0o600 });
    try {
      linkSync(temp, lockPath);
      return true;
    } catch (error) {
      if (codeOf(error) === 'EEXIST') return false;
      if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP', 'EXDEV'].includes(codeOf(error) ?? '')) throw error;
    }
    writeFileSync(lockPath, content, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw error;
  } finally {
    removeIfPresent(temp);
  }
}

function held(handle: DataDirLock, me: LockOwner): DataDirLock {
  heldTokens.add(me.token!);
  return handle;
}

function isAlive(owner: LockOwner, bootId: string | undefined): boolean {
  if (owner.bootId && bootId && owner.bootId !== bootId) return false;
  // Our own pid: alive only if this very process holds that lock. Otherwise an earlier process
  // had our pid (a container restarting always gets the same one) and died holding it.
  if (owner.pid === process.pid) return owner.token !== undefined && heldTokens.has(owner.token);
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return codeOf(error) === 'EPERM';
  }
}

function currentBootId(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The file's text; undefined when it does not exist, '' when it cannot be read (stale). */
function readRaw(lockPath: string): string | undefined {
  try {
    return readFileSync(lockPath, 'utf8');
  } catch (error) {
    return codeOf(error) === 'ENOENT' ? undefined : '';
  }
}

// Checked by hand so this module needs nothing but node: (the lock tests run it in a bare child).
function parseOwner(raw: string): LockOwner | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, hostname, startedAt, command, token, bootId } = value as Record<string, unknown>;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
  if (typeof hostname !== 'string' || typeof command !== 'string') return undefined;
  if (typeof startedAt !== 'number' || !Number.isFinite(startedAt)) return undefined;
  const owner: LockOwner = { pid, hostname, startedAt, command };
  if (typeof token === 'string') owner.token = token;
  if (typeof bootId === 'string') owner.bootId = bootId;
  return owner;
}

function readOwner(lockPath: string): LockOwner | undefined {
  const raw = readRaw(lockPath);
  return raw === undefined ? undefined : parseOwner(raw);
}

function removeIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw error;
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function formatTime(at: number): string {
  const d = new Date(at);
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
  );
}
