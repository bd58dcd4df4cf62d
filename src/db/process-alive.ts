/**
 * Whether the process a data folder names (the embedded database's lock, a running service's
 * local-service file) is another one than this and still runs. A process of another user counts
 * as running (EPERM).
 */
export function otherProcessAlive(pid: number): boolean {
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
