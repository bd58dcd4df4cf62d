// Where the machine's cores go during a load run: the server process, PostgreSQL's processes and
// the load generator (this process), read from /proc so that a figure can be blamed on a side.
import { readdirSync, readFileSync } from 'node:fs';

export const TICKS_PER_SECOND = 100;

export interface CpuShares {
  /** Cores used on average over the window, e.g. 0.95 = 95 % of one core. */
  server: number;
  postgres: number;
  loadGenerator: number;
}

/** A process's CPU time so far, in clock ticks (0 once it has ended). */
export function processTicks(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Each PostgreSQL process's CPU time so far, in clock ticks, by process id. */
export function postgresTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (name.startsWith('postgres')) ticks.set(entry, processTicks(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return ticks;
}

/** Starts a window; the returned function ends it and gives each side's cores. */
export function measureCpuShares(serverPid: number): () => CpuShares {
  const started = process.hrtime.bigint();
  const server = processTicks(serverPid);
  const postgres = postgresTicks();
  const self = process.cpuUsage();
  return () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    let postgresUsed = 0;
    for (const [pid, ticks] of postgresTicks()) postgresUsed += ticks - (postgres.get(pid) ?? 0);
    const selfUsed = process.cpuUsage(self);
    return {
      server: (processTicks(serverPid) - server) / TICKS_PER_SECOND / seconds,
      postgres: postgresUsed / TICKS_PER_SECOND / seconds,
      loadGenerator: (selfUsed.user + selfUsed.system) / 1e6 / seconds,
    };
  };
}
