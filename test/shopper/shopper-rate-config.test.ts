import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, readConfig } from '../../src/config.ts';

describe('the shopper routes budgets from the environment', () => {
  test('by default 5 a second (30 at once) per shopper and 50 a second (200 at once) per address', () => {
    assert.deepEqual(readConfig({}).shopperRateLimits, {
      perShopper: { perSecond: 5, burst: 30 },
      perAddress: { perSecond: 50, burst: 200 },
    });
  });

  test('each budget is set by its two variables; the burst follows a changed rate unless given', () => {
    const config = readConfig({
      LOYALTY_SHOPPER_RATE_PER_SECOND: '10',
      LOYALTY_SHOPPER_IP_RATE_PER_SECOND: '100',
      LOYALTY_SHOPPER_IP_RATE_BURST: '150',
    });
    assert.deepEqual(config.shopperRateLimits, {
      perShopper: { perSecond: 10, burst: 60 },
      perAddress: { perSecond: 100, burst: 150 },
    });
  });

  test('0 turns a budget off, each on its own', () => {
    assert.deepEqual(readConfig({ LOYALTY_SHOPPER_RATE_PER_SECOND: '0' }).shopperRateLimits, {
      perShopper: null,
      perAddress: { perSecond: 50, burst: 200 },
    });
    assert.deepEqual(readConfig({ LOYALTY_SHOPPER_IP_RATE_PER_SECOND: '0' }).shopperRateLimits, {
      perShopper: { perSecond: 5, burst: 30 },
      perAddress: null,
    });
  });

  test('a value that is not a whole number in bounds is refused, naming the variable', () => {
    // The variable, the value given, and what the message says the value must be.
    const refusals: [string, string, string][] = [
      ['LOYALTY_SHOPPER_RATE_PER_SECOND', 'fast', 'be a whole number of at least 0'],
      ['LOYALTY_SHOPPER_IP_RATE_PER_SECOND', '-1', 'be a whole number of at least 0'],
      ['LOYALTY_SHOPPER_RATE_BURST', '0', 'be a whole number of at least 1'],
      ['LOYALTY_SHOPPER_IP_RATE_BURST', '2.5', 'be a whole number of at least 1'],
      ['LOYALTY_SHOPPER_RATE_PER_SECOND', '2000000', 'be at most 1000000'],
    ];
    for (const [name, value, rule] of refusals) {
      assert.throws(
        () => readConfig({ [name]: value }),
        (e: unknown) => e instanceof ConfigError && e.message === `${name} must ${rule}, got "${value}"`,
      );
    }
  });

  test('the store API key budget keeps its own variables and messages', () => {
    assert.deepEqual(readConfig({ LOYALTY_API_RATE_PER_SECOND: '40' }).apiRateLimit, {
      perSecond: 40,
      burst: 80,
    });
    assert.equal(readConfig({ LOYALTY_API_RATE_PER_SECOND: '0' }).apiRateLimit, null);
    assert.throws(
      () => readConfig({ LOYALTY_API_RATE_BURST: '20000000' }),
      /^ConfigError: LOYALTY_API_RATE_BURST must be at most 10000000, got "20000000"$/,
    );
  });
});
