import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, readConfig } from '../../src/config.ts';

describe('how many batches of a monthly run the service converts side by side', () => {
  test('two on PostgreSQL, one on the embedded database, by default', () => {
    assert.equal(readConfig({}).monthlyRunners, 1);
    assert.equal(readConfig({ DATABASE_URL: 'postgres://db.example/loyalty' }).monthlyRunners, 2);
  });

  test('LOYALTY_MONTHLY_RUNNERS sets it on either database', () => {
    assert.equal(readConfig({ LOYALTY_MONTHLY_RUNNERS: '3' }).monthlyRunners, 3);
    assert.equal(
      readConfig({ DATABASE_URL: 'postgres://db.example/loyalty', LOYALTY_MONTHLY_RUNNERS: '1' })
        .monthlyRunners,
      1,
    );
  });

  test('a value that is not a whole number from 1 to 4 is refused, naming the variable', () => {
    const refusals: [string, RegExp][] = [
      ['0', /LOYALTY_MONTHLY_RUNNERS must be a whole number of at least 1, got "0"/],
      ['two', /LOYALTY_MONTHLY_RUNNERS must be a whole number of at least 1, got "two"/],
      ['5', /LOYALTY_MONTHLY_RUNNERS must be at most 4 \(a run has 4 slices\), got "5"/],
    ];
    for (const [given, message] of refusals) {
      assert.throws(
        () => readConfig({ LOYALTY_MONTHLY_RUNNERS: given }),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
        given,
      );
    }
  });
});
