#!/usr/bin/env -S node --max-semi-space-size=2
// The command-line entry: loads the TypeScript sources through tsx, then runs the CLI.
// The young generation is capped at 2 MB a half (V8 grows it to 16 MB under load): a busy API
// server then peaked at about 200 MB instead of 250 at the same request rates (npm run bench:api).
// `npm start` passes the same flag.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
await runCli(process.argv);
