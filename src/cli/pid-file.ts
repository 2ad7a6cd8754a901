import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `serve` leaves its process id in the data directory while it runs, so `restore` can refuse to replace the
 * database under a running server. A file left by a server that was killed names a process that no longer runs.
 */
const fileOf = (dataDir: string) => join(dataDir, 'server.pid');

export function writePidFile(dataDir: string): () => void {
  const file = fileOf(dataDir);
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
  };
}

/** The id of a server running on this data directory, or null. */
export function runningServerPid(dataDir: string): number | null {
  const file = fileOf(dataDir);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — still a running process.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
