import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { longFunctions, measureFunctions } from '../../scripts/check-function-length.ts';

/** A function declaration spanning exactly `lines` lines, with `comment` above it. */
function functionOf(lines: number, comment = ''): string {
  const body = Array.from({ length: lines - 2 }, (_, i) => `  const v${i} = ${i};`);
  return `${comment}function f() {\n${body.join('\n')}\n}\n`;
}

describe('check:functions', () => {
  test('a function of 81 lines fails, one of 80 passes', () => {
    assert.deepEqual(
      longFunctions('a.ts', functionOf(81)).map((f) => [f.name, f.line, f.lines]),
      [['f', 1, 81]],
    );
    assert.deepEqual(longFunctions('a.ts', functionOf(80)), []);
  });

  test('a comment right above saying "long because" and why lets an 81-line function pass', () => {
    assert.deepEqual(longFunctions('a.ts', functionOf(81, '// long because it is one table\n')), []);
    const arrow = functionOf(81).replace('function f() {', 'export const f = () => {');
    assert.equal(longFunctions('a.ts', arrow).length, 1);
    assert.deepEqual(longFunctions('a.ts', `/** Rows.\n * long because: one table */\n${arrow}`), []);
  });

  test('"long because" with no reason, or separated by a blank line, does not count', () => {
    assert.equal(longFunctions('a.ts', functionOf(81, '// long because\n')).length, 1);
    assert.equal(longFunctions('a.ts', functionOf(81, '// long because it is a table\n\n')).length, 1);
  });

  test('nested functions count on their own; an outer comment does not excuse them', () => {
    const inner = functionOf(81).replace('function f() {', 'const g = () => {').replace(/^/gm, '  ');
    const text = `// long because it holds g\nfunction outer() {\n${inner}}\n`;
    assert.deepEqual(
      measureFunctions('a.ts', text).map((f) => [f.name, f.lines, f.explained]),
      [
        ['outer', 83, true],
        ['g', 81, false],
      ],
    );
  });
});
