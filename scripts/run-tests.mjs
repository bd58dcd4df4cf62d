#!/usr/bin/env node
// Runs the test suite with Node's test runner: on the embedded database by default, or on
// PostgreSQL when TEST_DATABASE_URL is set. Arguments filter test files by substring; options
// starting with -- are passed to the test runner.
// Tests needing Chromium or a PostgreSQL server that is not there are skipped (failed under
// CI=true); the run ends with one line for each such requirement saying how to meet it.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

// Options (--test-name-pattern=…, --test-only, …) go to Node's test runner; the rest filter files.
const options = process.argv.slice(2).filter((a) => a.startsWith('--'));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = findTests('test')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`No test files match ${filters.join(', ')}: give part of a path under test/.`);
  process.exit(2);
}

if (!process.env.TEST_DATABASE_URL) {
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-test-template.ts'], {
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// The same checks the test files make (test/support/requirements.ts), made once here for the line.
const requirements = await tsImport('../test/support/requirements.ts', import.meta.url);
const uses = (name) => files.some((f) => readFileSync(f, 'utf8').includes(name));
const missing = [];
if (uses('browserRequirement')) missing.push(requirements.browserRequirement().message);
if (uses('spreadsheetRequirement')) missing.push(requirements.spreadsheetRequirement().message);
if (uses('postgresForTests')) missing.push((await requirements.postgresRequirement()).message);

const target = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite';
console.log(`Running ${files.length} test files on ${target}`);
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...options, ...files],
  { stdio: 'inherit', env: { ...process.env, LOYALTY_LOG: process.env.LOYALTY_LOG ?? 'silent' } },
);
for (const line of missing.filter(Boolean)) console.error(`\n*** ${line}`);
process.exit(run.status ?? 1);
