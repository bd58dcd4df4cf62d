/**
 * Lints the store API's OpenAPI document, exactly as the service serves it at /openapi.json,
 * with Spectral and the repository's ruleset (`.spectral.yaml`: `spectral:oas` and the OWASP
 * API security ruleset). Prints every result and a count per rule, and exits non-zero on any
 * error or warning: a rule that does not apply is switched off in the ruleset, with its reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folder = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
const documentFile = join(folder, 'openapi.json');
const resultFile = join(folder, 'results.json');

interface Result {
  code: string;
  message: string;
  path: (string | number)[];
  severity: 0 | 1 | 2 | 3;
}
const SEVERITY = ['error', 'warning', 'info', 'hint'] as const;

function run(command: string, args: string[]) {
  return spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

try {
  const produced = run(process.execPath, ['--import', 'tsx', 'scripts/openapi-document.ts', documentFile]);
  if (produced.status !== 0) {
    process.stderr.write(produced.stderr || produced.stdout);
    throw new Error('could not produce the OpenAPI document');
  }
  const spectral = join(root, 'node_modules', '.bin', 'spectral');
  const linted = run(spectral, [
    'lint',
    documentFile,
    '--ruleset',
    join(root, '.spectral.yaml'),
    '--format',
    'json',
    '--output',
    resultFile,
    '--fail-severity',
    'hint',
    '--quiet',
  ]);
  let results: Result[];
  try {
    results = JSON.parse(readFileSync(resultFile, 'utf8')) as Result[];
  } catch {
    process.stderr.write(linted.stderr || linted.stdout);
    throw new Error(`Spectral did not run (exit ${linted.status})`);
  }
  const counts = new Map<string, number>();
  for (const r of results) {
    const severity = SEVERITY[r.severity] ?? 'hint';
    console.log(`${severity.padEnd(7)} ${r.code.padEnd(40)} ${r.path.join('.')}: ${r.message}`);
    const key = `${severity} ${r.code}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`${String(count).padStart(5)}  ${key}`);
  }
  const bySeverity = SEVERITY.map((s) => `${results.filter((r) => SEVERITY[r.severity] === s).length} ${s}s`);
  console.log(`OpenAPI lint (Spectral, .spectral.yaml): ${bySeverity.join(', ')}`);
  if (results.some((r) => r.severity <= 1)) process.exitCode = 1;
} catch (error) {
  console.error(`OpenAPI lint: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
