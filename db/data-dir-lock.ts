import 'server-only';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/** The lock file inside an embedded data directory. */
export const LOCK_FILE_NAME = 'public-comment.lock';

type LockOwner = { pid: number; command: string; host: string; since: string };

/**
 * Refused: another live process holds the embedded data directory. The message names that
 * process (its PID and command line).
 */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The embedded database ${dataDir} is in use by another process: PID ${owner.pid} (${owner.command}), since ${owner.since}. ` +
        'PGlite must never be opened by two processes at once. Stop that process first (for the app: Ctrl+C in its terminal), then run this again.',
    );
    this.name = 'DataDirLockedError';
  }
}

export type DataDirLock = { release: () => void };

/**
 * PGlite has no lock of its own: two processes on one data directory corrupt it. This takes a
 * lock file in the directory holding the owner's PID and command, created exclusively (O_EXCL),
 * so exactly one process gets it. A lock whose PID is no longer alive on this host (a process
 * that was killed) is stale and taken over. Released by `release()` or when the process exits.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const dir = path.resolve(/*turbopackIgnore: true*/ dataDir);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE_NAME);
  const me: LockOwner = {
    pid: process.pid,
    command: ['node', ...process.argv.slice(1).map((part) => (part.startsWith(`${process.cwd()}${path.sep}`) ? path.relative(process.cwd(), part) : part))].join(' ').slice(0, 300),
    host: hostname(),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const content = readLock(file);
      if (content === null) continue; // released between our two calls: try again
      const owner = parseOwner(content);
      if (owner && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
      // Stale (or unreadable): remove it only if it is still the same file we judged.
      if (readLock(file) === content) rmSync(file, { force: true });
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      const current = parseOwner(readLock(file) ?? '');
      if (current?.pid === me.pid && current.since === me.since) {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      }
    };
    process.on('exit', release);
    return { release };
  }
  throw new Error(`could not take the lock ${file}: it keeps changing`);
}

function readLock(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseOwner(content: string): LockOwner | null {
  try {
    const value = JSON.parse(content) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return null;
    return { pid: value.pid, command: String(value.command ?? '?'), host: String(value.host ?? ''), since: String(value.since ?? '?') };
  } catch {
    return null;
  }
}

/** Whether the owner still runs. Another host's lock (a shared disk) is never judged stale. */
function isAlive(owner: LockOwner): boolean {
  if (owner.host && owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
