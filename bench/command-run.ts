// A command of this project run as its user runs it (`loyalty …` on the built JavaScript, with
// `npm run loyalty`'s flags), measured from outside: its wall time, its highest resident memory
// and the cores it and PostgreSQL's processes used. All three are read from /proc while it runs,
// every 50 ms, because its entry there (and that of a PostgreSQL backend that ends with it) is
// gone once it exits.
import { spawn } from 'node:child_process';
import { postgresTicks, processTicks, TICKS_PER_SECOND } from './cpu-shares.ts';
import { buildOnce, memoryMb } from './server-process.ts';

export interface CommandRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The process's highest resident memory (VmHWM), in bytes. */
  peakBytes: number;
  /** Cores used on average while it ran: the command's process, and all of PostgreSQL's. */
  cores: { command: number; postgres: number };
}

export function runCommand(args: string[], env: Record<string, string>): Promise<CommandRun> {
  buildOnce();
  const postgresBefore = postgresTicks();
  const postgresLast = new Map(postgresBefore);
  const started = performance.now();
  const child = spawn(process.execPath, ['--max-semi-space-size=2', 'bin/loyalty.mjs', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  let peakBytes = 0;
  let commandTicks = 0;
  const sample = () => {
    peakBytes = Math.max(peakBytes, memoryMb(pid, 'VmHWM') * 1048576);
    commandTicks = Math.max(commandTicks, processTicks(pid));
    for (const [id, ticks] of postgresTicks()) postgresLast.set(id, ticks);
  };
  const sampler = setInterval(sample, 50);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (exitCode) => {
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      let postgres = 0;
      for (const [id, ticks] of postgresLast) postgres += ticks - (postgresBefore.get(id) ?? 0);
      resolve({
        exitCode,
        stdout,
        stderr,
        ms: seconds * 1000,
        peakBytes,
        cores: {
          command: commandTicks / TICKS_PER_SECOND / seconds,
          postgres: postgres / TICKS_PER_SECOND / seconds,
        },
      });
    });
  });
}
