#!/usr/bin/env node
// Builds dist/: the service as plain JavaScript (TypeScript's own emit, imports rewritten to .js)
// with the SQL migrations and admin assets beside it, then a marker saying when it was built.
// bin/loyalty.mjs runs it while it is newer than every file in src/. Type-checking is separate
// (npm run typecheck); this only strips the types. Runs on npm install (the prepare script).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.log(
    'build: TypeScript is not installed (npm install without dev packages); the service runs its sources through tsx.',
  );
  process.exit(0);
}
rmSync(dist, { recursive: true, force: true });
const emitted = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (emitted.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  console.error('build: tsc failed; fix the errors above (or run the sources with tsx: dist/ was removed).');
  process.exit(emitted.status ?? 1);
}
for (const folder of ['db/migrations', 'admin/assets']) {
  if (existsSync(join(root, 'src', folder)))
    cpSync(join(root, 'src', folder), join(dist, folder), { recursive: true });
}
// The storefront elements' script, served at /storefront/v1/loyalty.js; its size is budgeted (15 kB compressed).
const { bundleComponents, compressScript } = await import(
  pathToFileURL(join(dist, 'storefront', 'components-bundle.js')).href
);
const script = await bundleComponents();
writeFileSync(join(dist, 'storefront', 'loyalty.js'), script);
const sizes = compressScript(script);
const kB = (bytes) => `${(bytes.length / 1000).toFixed(1)} kB`;
console.log(
  `build: storefront script dist/storefront/loyalty.js: ${kB(sizes.raw)} raw, ${kB(sizes.gzip)} gzip, ${kB(sizes.brotli)} brotli`,
);
writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`);
console.log('build: dist/ is ready');
