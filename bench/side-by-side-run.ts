// The old revision's folder and one benchmark run in a child process, for bench/side-by-side.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Side = 'old' | 'new';

function git(cwd: string, args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout.trim();
}

/**
 * A worktree of `rev` in the temporary folder (bench-<side>-<short hash>), with its dependencies
 * installed by `npm ci`; both are reused when present.
 */
export function revisionFolder(repo: string, rev: string, side: Side): { folder: string; commit: string } {
  const commit = git(repo, ['rev-parse', '--verify', `${rev}^{commit}`]);
  const short = git(repo, ['rev-parse', '--short', commit]);
  const folder = join(tmpdir(), `bench-${side}-${short}`);
  if (existsSync(folder)) {
    const at = git(folder, ['rev-parse', 'HEAD']);
    if (at !== commit) throw new Error(`${folder} is at ${at}, not ${commit}: remove it or move it away`);
    console.log(`Reusing the worktree ${folder}`);
  } else {
    console.log(`Adding a worktree of ${short} in ${folder}`);
    git(repo, ['worktree', 'add', '--detach', folder, commit]);
  }
  const installed = join(folder, 'node_modules', '.side-by-side-installed');
  if (!existsSync(installed)) {
    console.log(`npm ci in ${folder}…`);
    const result = spawnSync('npm', ['ci'], { cwd: folder, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npm ci in ${folder} failed`);
    writeFileSync(installed, `${new Date().toISOString()}\n`);
  }
  return { folder, commit };
}

/** The commit of the current folder and the number of files whose changes are not committed. */
export function describeFolder(folder: string): { commit: string; uncommitted: number } {
  const status = git(folder, ['status', '--porcelain', '--untracked-files=no']);
  return {
    commit: git(folder, ['rev-parse', 'HEAD']),
    uncommitted: status === '' ? 0 : status.split('\n').length,
  };
}

/** The command line of `npm run <script>` in that folder's package.json (checked to exist). */
export function scriptLine(folder: string, script: string): string {
  const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const line = pkg.scripts?.[script];
  if (!line) throw new Error(`${folder}/package.json has no script ${script}`);
  return line;
}

export interface RunResult {
  /** Exit status; null when ended by a signal. */
  status: number | null;
  seconds: number;
  /** Standard output and standard error, interleaved as they came. */
  output: string;
  stdout: string;
}

/** `npm run --silent <script>` in `folder`, its output captured (and shown live when `echo`). */
export function runBenchmark(
  folder: string,
  script: string,
  env: NodeJS.ProcessEnv,
  echo: boolean,
): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script], {
      cwd: folder,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      output += chunk;
      if (echo) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
      if (echo) process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, seconds: (performance.now() - started) / 1000, output, stdout }),
    );
  });
}
