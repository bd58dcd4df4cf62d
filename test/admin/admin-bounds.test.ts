import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { loadProgram } from '../../src/app/program/load-program.ts';
import { balanceOf, publishedShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin } from './support/admin-client.ts';
import { fieldError, programSettingsForm } from './support/program-settings-form.ts';

describe('admin forms: the same bounds as the API', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('adm', async ({ ctx }) => {
      await publishedShop(ctx, 'adm');
      for (const customerId of ['c1', 'c2']) {
        await joinProgram(ctx, { shopId: 'adm', customerId, source: 'registration' });
      }
    }),
  );

  test('the reason of an adjustment is at most 500 characters, as in the API', async () => {
    const long = await admin.client.post('/admin/members/c1/adjust', {
      points: '5',
      reason: 'x'.repeat(501),
    });
    assert.equal(long.status, 422);
    assert.match(long.text, /At most 500 characters/);
    assert.equal(await balanceOf(admin.ctx, 'adm', 'c1'), 0);
    const fine = await admin.client.post('/admin/members/c1/adjust', {
      points: '5',
      reason: 'x'.repeat(500),
    });
    assert.equal(fine.status, 303);
    assert.equal(await balanceOf(admin.ctx, 'adm', 'c1'), 5);
  });

  test('one adjustment is at most 10,000,000 points either way', async () => {
    for (const points of ['10000001', '-10 000 001', '9007199254740991']) {
      const answer = await admin.client.post('/admin/members/c2/adjust', { points, reason: 'test' });
      assert.equal(answer.status, 422, points);
      assert.match(answer.text, /At most 10,000,000 points either way/, points);
    }
    assert.equal(await balanceOf(admin.ctx, 'adm', 'c2'), 0);
  });

  test('an adjustment cannot take a balance beyond 1,000,000,000 points', async () => {
    for (let i = 0; i < 100; i++) {
      await adjustPoints(admin.ctx, {
        shopId: 'adm',
        customerId: 'c2',
        points: 10_000_000,
        reason: 'r',
        author: 'a',
      });
    }
    const answer = await admin.client.post('/admin/members/c2/adjust', { points: '1', reason: 'one more' });
    assert.equal(answer.status, 422);
    assert.match(answer.text, /beyond 1,000,000,000 points/);
    assert.equal(await balanceOf(admin.ctx, 'adm', 'c2'), 1_000_000_000);
    assert.equal((await admin.client.get('/admin/members/c2')).status, 200);
  });

  test('join and review points and tiers have maximums in the settings form', async () => {
    const before = await loadProgram(admin.ctx.db, 'adm');
    const answer = await admin.client.post(
      '/admin/program/settings',
      programSettingsForm({
        joinPoints: '1000001',
        reviewPoints: '999999999999999',
        tierPoints: ['100', '2000000000'],
        tierValue: ['5', '9999999999'],
      }),
    );
    assert.equal(answer.status, 422);
    assert.equal(fieldError(answer.text, 'joinPoints'), 'At most 1,000,000');
    assert.equal(fieldError(answer.text, 'reviewPoints'), 'At most 1,000,000');
    assert.equal(fieldError(answer.text, 'tiers.1.points'), 'At most 1,000,000,000');
    assert.equal(fieldError(answer.text, 'tiers.1.valueCents'), 'At most €10,000,000.00');
    assert.deepEqual(await loadProgram(admin.ctx.db, 'adm'), before);
  });
});
