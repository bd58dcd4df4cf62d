// The real server in a process of its own, as `npm start` runs it, and its memory as the OS sees it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';

let built = false;

/** Builds dist/ (as `npm install` does), so the server runs the built JavaScript and not tsx. */
export function buildOnce(): void {
  if (built) return;
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error('npm run build failed; run it to see why');
  built = true;
}

/** Starts `loyalty serve` on a free port against `url`; resolves with the address it prints. */
export function startServer(url: string, args: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  buildOnce();
  return new Promise((resolve, reject) => {
    // BENCH_PROFILE=dir writes the server's CPU profile there when it stops.
    const profile = process.env.BENCH_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : [];
    // The same flags as `npm start`; BENCH_NODE_FLAGS replaces them for an experiment.
    const start = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? ['--max-semi-space-size=2'];
    const flags = [...start, ...profile];
    const child = spawn(process.execPath, [...flags, 'bin/loyalty.mjs', 'serve', '--port', '0', ...args], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        LOYALTY_LOG: 'warn',
        LOYALTY_SEED_DEMO: 'false',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    // BENCH_SERVER_OUT=file keeps the server's standard output there (e.g. BENCH_NODE_FLAGS' --trace-gc).
    const keep = process.env.BENCH_SERVER_OUT;
    child.stdout!.on('data', (chunk) => {
      if (keep) appendFileSync(`${keep}.${child.pid}`, chunk);
      if (out.includes('Open http')) return;
      out += chunk;
      const found = /Open (http:\/\/[^/\s]+)/.exec(out);
      if (found) resolve({ child, url: found[1]! });
    });
    child.on('exit', (code) =>
      reject(new Error(`The server exited with ${code} before it listened:\n${out}`)),
    );
  });
}

/** A memory figure of a process from /proc, in MB: its resident memory now (VmRSS) or its highest (VmHWM); 0 once it has ended. */
export function memoryMb(pid: number, figure: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${figure}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Samples the process's resident memory (VmRSS) every `everyMs`, in MB. */
export function sampleRss(pid: number, everyMs = 100) {
  let peak = 0;
  let runPeak = 0;
  const read = () => {
    // Once the server has gone this reads 0, and the last figure stays.
    const mb = memoryMb(pid, 'VmRSS');
    peak = Math.max(peak, mb);
    runPeak = Math.max(runPeak, mb);
  };
  const timer = setInterval(read, everyMs);
  return {
    /** The highest figure since the last call. */
    takePeak: () => {
      read();
      const figure = runPeak;
      runPeak = 0;
      return figure;
    },
    stop: () => {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}

/** Signs in to the admin over HTTP; answers the session cookie. */
export async function signIn(base: string, shop: string, email: string, password: string): Promise<string> {
  const login = await fetch(`${base}/admin/login`);
  const loginCookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1];
  if (!token) throw new Error('The sign-in page has no CSRF token');
  const signed = await fetch(`${base}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, shop, email, password }),
  });
  const session = signed.headers.getSetCookie().find((c) => c.startsWith('loyalty_admin='));
  if (!session) throw new Error(`Signing in answered ${signed.status} without a session`);
  return session.split(';')[0]!;
}
