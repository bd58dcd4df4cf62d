/**
 * Checks that the layers of src/ point one way (domain ← app ← adapters) and that no module of
 * src/ imports itself back through others. Reads every src/**\/*.ts with the TypeScript parser
 * (static imports, re-exports and `import()` calls, `import type` included), resolves the relative
 * paths and prints one line per violation, then a summary line; exits 1 on any violation.
 *
 * Rules (docs/architecture.md, "Layers"):
 *   - cycle: no import cycle among the modules of src/;
 *   - domain: src/domain/** imports only src/domain/**, the packages in DOMAIN_PACKAGES and the
 *     imports listed in DOMAIN_EXCEPTIONS;
 *   - app: src/app/** (with src/clock.ts and src/config.ts) imports no adapter;
 *   - adapter: an adapter imports no src/db/** module, except as listed in ADAPTER_DB_EXCEPTIONS;
 *   - sql: an adapter builds no SQL itself: it neither imports the `kysely` package nor calls
 *     `selectFrom`, `insertInto`, `updateTable` or `deleteFrom`, except as listed in
 *     ADAPTER_SQL_EXCEPTIONS (by file);
 *   - db: src/db/** imports neither app nor adapters;
 *   - writer: a table listed in TABLE_WRITERS (scripts/table-writers.ts) is written (inserted into, updated, deleted from)
 *     only by its writers: the ledger and the balances by the ledger's writer, the codes by the
 *     code writer, and so on (migrations are not read).
 *
 * Usage: node --import tsx scripts/check-layers.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { foreignTableWrites } from './table-writers.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

type Layer = 'domain' | 'app' | 'db' | 'adapter' | 'root';

/** Which layer a file of src/ belongs to (paths relative to the repository, with `/`). */
function layerOf(file: string): Layer {
  if (file.startsWith('src/domain/')) return 'domain';
  if (file.startsWith('src/app/') || file === 'src/clock.ts' || file === 'src/config.ts') return 'app';
  if (file.startsWith('src/db/')) return 'db';
  if (file === 'src/service.ts') return 'root';
  // src/http, src/admin, src/cli, src/jobs, src/mail, src/storefront, src/seed
  return 'adapter';
}

/** Packages the pure rules may use: validation and calendar arithmetic, no I/O. */
const DOMAIN_PACKAGES = new Set(['zod', 'luxon']);

/** `importer -> imported` pairs a domain module may have besides the above, each with its reason. */
const DOMAIN_EXCEPTIONS: Record<string, string> = {
  'src/domain/codes/code-generator.ts -> node:crypto':
    'the default source of random bytes for new codes; callers and tests pass their own',
};

/**
 * `importer -> imported` pairs (or `importer -> *` for every src/db module) where an adapter may
 * import src/db, each with its reason. Everything else in an adapter reaches the database through
 * a use case in src/app.
 */
const ADAPTER_DB_EXCEPTIONS: Record<string, string> = {
  'src/cli/app-context.ts -> src/db/connect.ts':
    "the command line's composition root: opens the configured database for one command",
  'src/cli/app-context.ts -> src/db/migrate.ts':
    'and migrates it before the command runs (and for `loyalty migrate`), as src/service.ts does at start',
  'src/cli/main.ts -> src/db/connect.ts':
    'recognises DatabaseUnavailableError (defined where the database is opened) to print it as one line',
  'src/cli/local-service-file.ts -> src/db/process-alive.ts':
    "asks whether the service named in the data folder still runs, as the embedded database's lock does",
};

/** Adapter files that may still build SQL themselves, each with its reason. */
const ADAPTER_SQL_EXCEPTIONS: Record<string, string> = {};

/** What building SQL looks like in an adapter: the query builder's entry points. */
const QUERY_BUILDER = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(/;

// ---------------------------------------------------------------------------------------------

function listFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) found.push(...listFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

interface Edge {
  to: string;
  typeOnly: boolean;
  line: number;
}

/** Every module specifier a file names: imports, re-exports, `import()` and `import x = require()`. */
function importsOf(file: string): { specifier: string; typeOnly: boolean; line: number }[] {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: { specifier: string; typeOnly: boolean; line: number }[] = [];
  const add = (node: ts.Node, literal: ts.Expression | undefined, typeOnly: boolean) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ specifier: literal.text, typeOnly, line });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(node, argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The src/ file a relative specifier names, or undefined when it is a package or builtin. */
function resolveRelative(from: string, specifier: string, known: Set<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = relative(root, resolve(root, dirname(from), specifier))
    .split('\\')
    .join('/');
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`];
  for (const candidate of candidates) if (known.has(candidate)) return candidate;
  return base; // outside src/ or missing: reported under its own name
}

const files = listFiles('src').sort();
const known = new Set(files);
const graph = new Map<string, Edge[]>();
const violations: { kind: string; text: string }[] = [];
const usedExceptions = new Set<string>();

for (const file of files) {
  const edges: Edge[] = [];
  const layer = layerOf(file);
  for (const { specifier, typeOnly, line } of importsOf(file)) {
    const target = resolveRelative(file, specifier, known);
    const at = `${file}:${line}`;
    if (target === undefined) {
      // a package or a Node.js builtin
      if (layer === 'adapter' && (specifier === 'kysely' || specifier.startsWith('kysely/'))) {
        if (ADAPTER_SQL_EXCEPTIONS[file] !== undefined) usedExceptions.add(file);
        else violations.push({ kind: 'sql', text: `${at} adapter imports ${specifier}` });
      }
      if (layer === 'domain') {
        const packageName = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : (specifier.split('/')[0] ?? specifier);
        const pair = `${file} -> ${specifier}`;
        if (DOMAIN_EXCEPTIONS[pair] !== undefined) usedExceptions.add(pair);
        else if (!DOMAIN_PACKAGES.has(packageName))
          violations.push({ kind: 'domain', text: `${at} domain imports package ${specifier}` });
      }
      continue;
    }
    if (known.has(target)) edges.push({ to: target, typeOnly, line });
    const targetLayer: Layer | 'outside' = target.startsWith('src/') ? layerOf(target) : 'outside';
    if (layer === 'domain' && targetLayer !== 'domain') {
      const pair = `${file} -> ${target}`;
      if (DOMAIN_EXCEPTIONS[pair] !== undefined) usedExceptions.add(pair);
      else violations.push({ kind: 'domain', text: `${at} domain imports ${target} (${targetLayer})` });
    } else if (layer === 'app' && (targetLayer === 'adapter' || targetLayer === 'root')) {
      violations.push({ kind: 'app', text: `${at} app imports ${target} (${targetLayer})` });
    } else if (layer === 'adapter' && targetLayer === 'db') {
      const pair = `${file} -> ${target}`;
      const any = `${file} -> *`;
      if (ADAPTER_DB_EXCEPTIONS[pair] !== undefined) usedExceptions.add(pair);
      else if (ADAPTER_DB_EXCEPTIONS[any] !== undefined) usedExceptions.add(any);
      else violations.push({ kind: 'adapter', text: `${at} adapter imports ${target}` });
    } else if (
      layer === 'db' &&
      (targetLayer === 'app' || targetLayer === 'adapter' || targetLayer === 'root')
    ) {
      violations.push({ kind: 'db', text: `${at} db imports ${target} (${targetLayer})` });
    }
  }
  graph.set(file, edges);
  for (const text of foreignTableWrites(file, readFileSync(join(root, file), 'utf8'))) {
    violations.push({ kind: 'writer', text });
  }
  if (layer === 'adapter') {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((text, n) => {
      const call = QUERY_BUILDER.exec(text);
      if (!call) return;
      if (ADAPTER_SQL_EXCEPTIONS[file] !== undefined) usedExceptions.add(file);
      else violations.push({ kind: 'sql', text: `${file}:${n + 1} adapter builds SQL (${call[1]})` });
    });
  }
}

// Cycles: Tarjan's strongly connected components; one line per component, showing one cycle.
{
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string) => {
    indexOf.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const { to } of graph.get(node) ?? []) {
      if (!indexOf.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, indexOf.get(to)!));
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = (graph.get(node) ?? []).some((edge) => edge.to === node);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  };
  for (const file of files) if (!indexOf.has(file)) connect(file);
  for (const component of components) {
    // The shortest way back to the first member, by breadth-first search inside the component.
    const members = new Set(component);
    const start = component[0]!;
    const previous = new Map<string, string>();
    const queue = [start];
    let closing: string | undefined;
    while (queue.length > 0 && closing === undefined) {
      const node = queue.shift()!;
      for (const { to } of graph.get(node) ?? []) {
        if (!members.has(to)) continue;
        if (to === start) {
          closing = node;
          break;
        }
        if (!previous.has(to)) {
          previous.set(to, node);
          queue.push(to);
        }
      }
    }
    const path = [start];
    for (let node = closing; node !== undefined && node !== start; node = previous.get(node))
      path.splice(1, 0, node);
    const more = component.length > path.length ? ` (${component.length} modules in the cycle group)` : '';
    violations.push({ kind: 'cycle', text: `cycle: ${[...path, start].join(' -> ')}${more}` });
  }
}

for (const pair of [
  ...Object.keys(DOMAIN_EXCEPTIONS),
  ...Object.keys(ADAPTER_DB_EXCEPTIONS),
  ...Object.keys(ADAPTER_SQL_EXCEPTIONS),
])
  if (!usedExceptions.has(pair))
    violations.push({ kind: 'stale', text: `exception no longer needed, remove it: ${pair}` });

for (const { text } of violations) console.log(text);
const counts = new Map<string, number>();
for (const { kind } of violations) counts.set(kind, (counts.get(kind) ?? 0) + 1);
const byKind = [...counts].map(([kind, count]) => `${count} ${kind}`).join(', ');
const edgeCount = [...graph.values()].reduce((sum, edges) => sum + edges.length, 0);
console.log(
  `check-layers: ${files.length} files, ${edgeCount} imports inside src/, ${usedExceptions.size} listed exceptions used, ` +
    (violations.length === 0 ? 'no violations' : `${violations.length} violations (${byKind})`),
);
process.exitCode = violations.length === 0 ? 0 : 1;
