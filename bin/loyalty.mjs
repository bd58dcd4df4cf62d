#!/usr/bin/env -S node --max-semi-space-size=2
// The command-line entry. It runs the JavaScript that `npm install` builds into dist/ (no
// TypeScript loader in the process: about 40 MB less memory and a faster start). While any file
// in src/ is newer than that build, it runs the TypeScript sources through tsx instead, so an
// edit never runs stale code (`npm run build` makes dist/ current again).
// The young generation is capped at 2 MB a half (V8 grows it to 16 MB under load): a busy API
// server then peaked at about 200 MB instead of 250 at the same request rates (npm run bench:api).
// `npm start` passes the same flag.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsCurrent() {
  const marker = join(root, 'dist', '.built');
  return existsSync(marker) && statSync(marker).mtimeMs >= newestIn(join(root, 'src'));
}

let cli;
if (buildIsCurrent()) {
  cli = await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli/main.ts');
}
await cli.runCli(process.argv);
