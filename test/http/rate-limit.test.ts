import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { RateLimiter } from '../../src/http/rate-limit/rate-limiter.ts';
import { hitWindow, type WindowState } from '../../src/http/rate-limit/sliding-window.ts';

describe('sliding-window rate limit', () => {
  test('allows the limit, refuses the next, and names a wait after which one more passes', () => {
    let state: WindowState | undefined;
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) {
      const d = hitWindow(state, t0 + i, 5, 60_000);
      assert.equal(d.allowed, true);
      state = d.state;
    }
    const refused = hitWindow(state, t0 + 10, 5, 60_000);
    assert.equal(refused.allowed, false);
    assert.ok(refused.retryAfterMs > 0 && refused.retryAfterMs <= 120_000);
    assert.equal(hitWindow(refused.state, t0 + 10 + refused.retryAfterMs, 5, 60_000).allowed, true);
    assert.equal(hitWindow(refused.state, t0 + 10 + refused.retryAfterMs - 1000, 5, 60_000).allowed, false);
  });

  test('never more than the limit in one window, and the wait it names is enough', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 200 }),
        (limit, gaps) => {
          const windowMs = 10_000;
          let state: WindowState | undefined;
          let now = 0;
          const allowedPerWindow = new Map<number, number>();
          for (const gap of gaps) {
            now += gap;
            const d = hitWindow(state, now, limit, windowMs);
            state = d.state;
            if (d.allowed) {
              const w = Math.floor(now / windowMs);
              allowedPerWindow.set(w, (allowedPerWindow.get(w) ?? 0) + 1);
            } else {
              assert.equal(hitWindow(state, now + d.retryAfterMs, limit, windowMs).allowed, true);
            }
          }
          for (const count of allowedPerWindow.values()) assert.ok(count <= limit);
        },
      ),
    );
  });

  test('keys are counted apart; idle keys are forgotten; memory is bounded by dropping the longest idle', () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000 });
    assert.equal(limiter.hit('a', 0).allowed, true);
    assert.equal(limiter.hit('b', 0).allowed, true);
    const refused = limiter.hit('a', 10);
    assert.deepEqual(refused, { allowed: false, retryAfterSeconds: 2 });
    for (let i = 0; i < 10_000; i++) limiter.hit(`k${i}`, 5000);
    assert.equal(limiter.size, 10_000, 'a and b, idle for two windows, were dropped');
    assert.equal(limiter.hit('late', 10_000).allowed, true);

    const bounded = new RateLimiter({ limit: 2, windowMs: 60_000 }, 100);
    bounded.hit('busy', 0);
    bounded.hit('busy', 1);
    for (let i = 0; i < 99; i++) bounded.hit(`once-${i}`, 2);
    assert.equal(bounded.hit('busy', 3).allowed, false, 'a key still in use is kept');
    for (let i = 0; i < 200; i++) bounded.hit(`more-${i}`, 4);
    assert.equal(bounded.size, 100);
    assert.equal(bounded.hit('busy', 5).allowed, true, 'dropped after 100 newer keys');
  });
});
