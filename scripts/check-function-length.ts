/**
 * Checks the rule "no function in src/ is over 80 lines without a comment saying why". Reads every
 * src/**\/*.ts with the TypeScript parser and measures every function-like node (function
 * declarations and expressions, arrow functions, methods, constructors, getters and setters) from
 * the line it starts on to the line it ends on, nested functions on their own. A function over the
 * limit passes only when the comment right above it, or above the statement, variable or property
 * holding it, says "long because" followed by the reason.
 *
 * Prints one line per offender (`path:line name N lines`), then a summary line; exits 1 on any
 * offender.
 *
 * Usage: node --import tsx scripts/check-function-length.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export const MAX_FUNCTION_LINES = 80;

/** "long because" and at least one word of reason after it. */
const REASON = /\blong because\b\W*\w/i;

export interface FunctionLength {
  /** 1-based line the function starts on (its modifiers and decorators included, not its comment). */
  line: number;
  name: string;
  lines: number;
  /** The comment above says why it is long. */
  explained: boolean;
}

/** Every function of one source text with its length. */
export function measureFunctions(fileName: string, text: string): FunctionLength[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: FunctionLength[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && hasBody(node)) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({
        line: start + 1,
        name: nameOf(node, source),
        lines: end - start + 1,
        explained: holders(node).some((holder) =>
          commentsRightAbove(holder, text).some((c) => REASON.test(c)),
        ),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The functions of one source text that are over the limit without a reason. */
export function longFunctions(fileName: string, text: string, limit = MAX_FUNCTION_LINES): FunctionLength[] {
  return measureFunctions(fileName, text).filter((f) => f.lines > limit && !f.explained);
}

/** Only functions with a body count: overload signatures, type members and the like have no lines. */
function hasBody(node: ts.SignatureDeclaration): boolean {
  return 'body' in node && node.body !== undefined;
}

/**
 * The node itself and the nodes holding it up to the statement, class member or object property it
 * sits in (`const f = () => …`, `export default function`, `{ handler: async () => … }`,
 * `app.get('/', async () => …)`): a comment above any of them speaks for the function. Stops at an
 * enclosing function, so an outer function's comment never excuses an inner one.
 */
function holders(node: ts.Node): ts.Node[] {
  const chain: ts.Node[] = [node];
  let current = node;
  while (!isHolderEnd(current) && current.parent && !ts.isFunctionLike(current.parent)) {
    current = current.parent;
    chain.push(current);
  }
  return chain;
}

function isHolderEnd(node: ts.Node): boolean {
  return (
    ts.isStatement(node) ||
    ts.isClassElement(node) ||
    ts.isObjectLiteralElementLike(node) ||
    ts.isSourceFile(node) ||
    ts.isBlock(node)
  );
}

/** The comments right above a node: the last run of leading comments with no blank line before the node. */
function commentsRightAbove(node: ts.Node, text: string): string[] {
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  const kept: string[] = [];
  let next = node.getStart();
  for (let i = ranges.length - 1; i >= 0; i--) {
    const range = ranges[i]!;
    if (/\n[ \t]*\r?\n/.test(text.slice(range.end, next))) break;
    kept.unshift(text.slice(range.pos, range.end));
    next = range.pos;
  }
  return kept;
}

/** A name a reader can find: the declared one, else what holds the function. */
function nameOf(node: ts.SignatureDeclaration, source: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return `${classNameOf(node)}constructor`;
  if (ts.isGetAccessorDeclaration(node)) return `get ${classNameOf(node)}${textOf(node.name, source)}`;
  if (ts.isSetAccessorDeclaration(node)) return `set ${classNameOf(node)}${textOf(node.name, source)}`;
  if (ts.isMethodDeclaration(node)) return `${classNameOf(node)}${textOf(node.name, source)}`;
  if (node.name) return textOf(node.name, source);
  const parent = node.parent;
  if (ts.isPropertyDeclaration(parent)) return `${classNameOf(parent)}${textOf(parent.name, source)}`;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return textOf(parent.name, source);
  if (ts.isBinaryExpression(parent) && parent.right === node) return textOf(parent.left, source);
  if (ts.isExportAssignment(parent)) return 'default export';
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const callee = calleeName(parent.expression, source);
    const first = parent.arguments?.[0];
    const label = first && first !== node && ts.isStringLiteralLike(first) ? `('${first.text}')` : '';
    return `${callee}${label} callback`;
  }
  return ts.isArrowFunction(node) ? '(arrow function)' : '(function)';
}

/** The called function as written, shortened to its last name when it ends a long chain of calls. */
function calleeName(callee: ts.Expression, source: ts.SourceFile): string {
  const written = textOf(callee, source).replace(/\s+/g, '');
  if (written.length <= 40 || !ts.isPropertyAccessExpression(callee)) return written;
  return `….${callee.name.text}`;
}

function classNameOf(member: ts.Node): string {
  const owner = member.parent;
  if (owner && ts.isClassLike(owner) && owner.name) return `${owner.name.text}.`;
  return '';
}

function textOf(node: ts.Node, source: ts.SourceFile): string {
  return node.getText(source);
}

// ---------------------------------------------------------------------------------------------

function listFiles(root: string, folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) found.push(...listFiles(root, path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

function main(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  let read = 0;
  let offenders = 0;
  for (const file of listFiles(root, 'src').sort()) {
    const functions = measureFunctions(file, readFileSync(join(root, file), 'utf8'));
    read += functions.length;
    for (const f of functions) {
      if (f.lines <= MAX_FUNCTION_LINES || f.explained) continue;
      console.log(`${file}:${f.line} ${f.name} ${f.lines} lines`);
      offenders++;
    }
  }
  if (offenders === 0) {
    console.log(
      `check:functions: no function in src/ over ${MAX_FUNCTION_LINES} lines (${read} functions read)`,
    );
  } else {
    console.log(
      `check:functions: ${offenders} function${offenders === 1 ? '' : 's'} in src/ over ${MAX_FUNCTION_LINES} lines ` +
        `without a "long because" comment (${read} functions read)`,
    );
  }
  process.exitCode = offenders === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
