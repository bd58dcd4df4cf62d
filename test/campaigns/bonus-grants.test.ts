import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { grantBonusPoints, listBonusGrants } from '../../src/app/campaigns/grant-bonus-points.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { customerIdsFromCsv } from '../../src/domain/campaigns/bonus-grant.ts';
import { DomainError } from '../../src/domain/errors.ts';
import type { TestApp } from '../support/database.ts';
import { balanceOf, ledgerSum, testAppWithMember } from '../support/fixtures.ts';

describe('bonus grants', () => {
  let app: TestApp;
  before(async () => {
    app = await testAppWithMember('shop');
    await joinProgram(app.ctx, { shopId: 'shop', customerId: 'c3', source: 'registration' });
  });
  after(() => app.close());

  const grant = (over: Partial<Parameters<typeof grantBonusPoints>[1]> = {}) =>
    grantBonusPoints(app.ctx, {
      shopId: 'shop',
      grantId: 'summer-thanks',
      customerIds: ['c1', 'c2', 'c3', 'nobody', 'c1'],
      points: 50,
      reason: 'Thank you for the summer',
      author: 'owner@example.com',
      ...over,
    });

  test('members named get the points as a campaign entry with the reason; others are listed as skipped', async () => {
    const before1 = await balanceOf(app.ctx, 'shop', 'c1');
    const result = await grant();
    assert.equal(result.outcome, 'applied');
    assert.equal(result.membersGranted, 2);
    assert.deepEqual(result.skippedCustomerIds, ['c2', 'nobody']);
    assert.equal(await balanceOf(app.ctx, 'shop', 'c1'), before1 + 50);
    assert.equal(await balanceOf(app.ctx, 'shop', 'c3'), await ledgerSum(app.ctx, 'shop', 'c3'));
    const entry = await app.ctx.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('shop_id', '=', 'shop')
      .where('customer_id', '=', 'c1')
      .where('kind', '=', 'campaign')
      .executeTakeFirstOrThrow();
    assert.equal(entry.points, 50);
    assert.equal(entry.reason, 'Thank you for the summer');
    assert.equal(entry.author, 'owner@example.com');
    assert.equal(entry.ref_id, 'summer-thanks');
  });

  test('the same grant again pays nothing more; with other points it is refused', async () => {
    const balance = await balanceOf(app.ctx, 'shop', 'c1');
    const again = await grant();
    assert.equal(again.outcome, 'duplicate');
    assert.equal(again.membersGranted, 2);
    assert.equal(await balanceOf(app.ctx, 'shop', 'c1'), balance);
    await assert.rejects(
      grant({ points: 60 }),
      (e: unknown) => e instanceof DomainError && e.code === 'grant_exists',
    );
    const [listed] = await listBonusGrants(app.ctx, 'shop');
    assert.equal(listed?.grantId, 'summer-thanks');
    assert.equal(listed?.membersGranted, 2);
  });

  test('a grant without points, reason or customers is refused naming each field', async () => {
    await assert.rejects(
      grant({ grantId: 'bad', points: 0, reason: ' ', customerIds: [] }),
      (e: unknown) =>
        e instanceof DomainError &&
        e.code === 'invalid_input' &&
        ['points', 'reason', 'customerIds'].every((f) => e.fields.some((x) => x.field === f)),
    );
  });

  test('customer ids from a pasted list or a CSV with a header', () => {
    assert.deepEqual(customerIdsFromCsv('customer_id;email\r\n"c1";a@x\r\nc2;b@x\r\n\r\n'), ['c1', 'c2']);
    assert.deepEqual(customerIdsFromCsv('c1\nc2\n c3 '), ['c1', 'c2', 'c3']);
  });
});
