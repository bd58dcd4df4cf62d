import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  policyField,
  rateLimitField,
  retryAfterSeconds,
  serviceLimit,
  sfString,
} from '../../src/http/rate-limit/ratelimit-headers.ts';
import { TokenBuckets } from '../../src/http/rate-limit/token-bucket.ts';

const rule = { perSecond: 100, burst: 200 };

describe('RateLimit and RateLimit-Policy fields (draft-ietf-httpapi-ratelimit-headers)', () => {
  test('the policy: the burst as quota, the seconds to fill an empty budget as window', () => {
    assert.equal(policyField(rule), '"per-key";q=200;w=2');
    assert.equal(policyField({ perSecond: 10, burst: 10 }), '"per-key";q=10;w=1');
    // 150 per 1.5 s is rounded to a whole window: a client pacing to it stays under the rate.
    assert.equal(policyField({ perSecond: 100, burst: 150 }), '"per-key";q=150;w=2');
    assert.equal(policyField({ perSecond: 100, burst: 50 }), '"per-key";q=50;w=1');
  });

  test('the service limit: whole requests left, seconds until full or until the next one', () => {
    assert.equal(rateLimitField(rule, 200), '"per-key";r=200;t=0');
    assert.equal(rateLimitField(rule, 199), '"per-key";r=199;t=1');
    assert.equal(rateLimitField(rule, 57.5), '"per-key";r=57;t=2');
    assert.equal(rateLimitField(rule, 0.5), '"per-key";r=0;t=1');
    assert.equal(rateLimitField({ perSecond: 1, burst: 5 }, 0), '"per-key";r=0;t=1');
    assert.equal(rateLimitField({ perSecond: 1, burst: 5 }, 1), '"per-key";r=1;t=4');
    assert.deepEqual(serviceLimit({ perSecond: 2, burst: 10 }, 0.25), { remaining: 0, resetSeconds: 1 });
  });

  test('Retry-After is whole seconds, at least 1, and never before the end of the effective window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (perSecond, burst, tokens) => {
          const r = { perSecond, burst };
          const wait = retryAfterSeconds(r, tokens);
          assert.ok(Number.isInteger(wait) && wait >= 1);
          // Waiting that long refills at least one token.
          assert.ok(tokens + wait * perSecond >= 1);
          assert.ok(wait >= serviceLimit(r, tokens).resetSeconds);
        },
      ),
    );
  });

  test('names are structured-field strings', () => {
    assert.equal(sfString('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(rateLimitField(rule, 3, 'x'), '"x";r=3;t=2');
    assert.throws(() => sfString('ä'), RangeError);
  });
});

describe('token buckets per key', () => {
  test('a burst, then one request per refilled token; keys apart', () => {
    const buckets = new TokenBuckets();
    const small = { perSecond: 2, burst: 3 };
    for (let i = 0; i < 3; i++) assert.equal(buckets.take('a', small, 0).allowed, true);
    const refused = buckets.take('a', small, 0);
    assert.equal(refused.allowed, false);
    assert.equal(retryAfterSeconds(small, refused.tokens), 1);
    assert.equal(buckets.take('b', small, 0).allowed, true, 'another key has its own bucket');
    assert.equal(buckets.take('a', small, 499).allowed, false);
    assert.equal(buckets.take('a', small, 500).allowed, true, 'one token after half a second');
    assert.equal(buckets.take('a', small, 10_000).tokens, 2, 'never more than the burst');
  });

  test('a lowered rule caps what is left at its burst', () => {
    const buckets = new TokenBuckets();
    buckets.take('a', { perSecond: 10, burst: 100 }, 0);
    assert.equal(buckets.take('a', { perSecond: 10, burst: 5 }, 0).tokens, 4);
  });

  test('memory is bounded: full buckets go first, then the oldest', () => {
    const buckets = new TokenBuckets(100);
    const r = { perSecond: 1, burst: 10 };
    for (let i = 0; i < 100; i++) buckets.take(`k${i}`, r, 0);
    // At 60 s every bucket is full again: the sweep drops them all, losing nothing.
    buckets.take('late', r, 60_000);
    assert.equal(buckets.size, 1);
    for (let i = 0; i < 99; i++) buckets.take(`busy${i}`, r, 60_000);
    assert.equal(buckets.size, 100);
    buckets.take('one-more', r, 60_000);
    assert.ok(buckets.size <= 91, `the oldest tenth dropped (${buckets.size})`);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 400 }), (keys) => {
        const bounded = new TokenBuckets(50);
        keys.forEach((k, i) => {
          bounded.take(`k${k}`, r, i);
        });
        assert.ok(bounded.size <= 50);
      }),
    );
  });
});
