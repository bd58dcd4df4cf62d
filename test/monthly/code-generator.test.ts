import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  CODE_ALPHABET,
  CODE_ENTROPY_BITS,
  generateCodes,
  normalizeCode,
} from '../../src/domain/codes/code-generator.ts';
import { CODE_FORMAT } from './support.ts';

describe('discount code generator', () => {
  test('codes read aloud in groups, XXXX-XXXX-XXXX-X, without 0, O, 1, I or L', () => {
    for (const code of generateCodes(2000)) {
      assert.match(code, CODE_FORMAT);
      assert.doesNotMatch(code, /[01OIL]/);
    }
    assert.equal(CODE_ALPHABET.length, 31);
    assert.doesNotMatch(CODE_ALPHABET, /[01OIL]/);
  });

  test('at least 60 bits of randomness per code', () => {
    assert.ok(CODE_ENTROPY_BITS >= 60, `${CODE_ENTROPY_BITS} bits`);
  });

  test('every symbol is equally likely (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const codes = generateCodes(20_000);
    for (const code of codes)
      for (const ch of code.replaceAll('-', '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const expected = (20_000 * 13) / 31;
    assert.equal(counts.size, 31);
    for (const [symbol, count] of counts) {
      assert.ok(
        Math.abs(count - expected) < expected * 0.06,
        `${symbol}: ${count} vs ${expected.toFixed(0)}`,
      );
    }
  });

  test('100,000 codes without a repeat', () => {
    const codes = generateCodes(100_000);
    assert.equal(new Set(codes).size, codes.length);
  });

  test('whatever bytes the random source gives, codes stay in the alphabet (biased bytes are drawn again)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }).filter((b) => b.some((x) => x < 248)),
        fc.integer({ min: 1, max: 20 }),
        (bytes, count) => {
          let at = 0;
          // A source that repeats the same bytes, with 255 (always rejected) sprinkled in.
          const source = (size: number) =>
            Uint8Array.from({ length: size }, (_, i) =>
              (i + at++) % 5 === 0 ? 255 : bytes[i % bytes.length]!,
            );
          const codes = generateCodes(count, source);
          assert.equal(codes.length, count);
          for (const code of codes) assert.match(code, CODE_FORMAT);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('what a shopper types is read as the code: case, spaces and dashes do not matter', () => {
    assert.equal(normalizeCode('abcd-efgh-jkmn-p'), 'ABCD-EFGH-JKMN-P');
    assert.equal(normalizeCode(' ABCD EFGH JKMN P '), 'ABCD-EFGH-JKMN-P');
    assert.equal(normalizeCode('ABCDEFGHJKMNP'), 'ABCD-EFGH-JKMN-P');
    assert.equal(normalizeCode('ABCD-EFGH-JKMN-O'), null, 'O is never in a code');
    assert.equal(normalizeCode('ABCD-EFGH-JKMN-1'), null);
    assert.equal(normalizeCode('ABCD-EFGH-JKMN'), null);
    assert.equal(normalizeCode(''), null);
  });
});
