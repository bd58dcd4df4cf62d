import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { voidCustomerCodes } from '../../src/app/codes/code-writes.ts';
import { type StoredCodeStatus, voidedOnErasure } from '../../src/domain/codes/code-state.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { insertCode, publishedShop } from '../support/fixtures.ts';

/** The code writer's UPDATE voids the codes the rule `voidedOnErasure` names, and no others. */
describe('voiding an erased customer’s codes agrees with the rule', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp();
    await publishedShop(app.ctx, 's');
  });
  after(() => app.close());

  test('every stored status, expired or not', async () => {
    const now = app.clock.now();
    const cases: { code: string; status: Exclude<StoredCodeStatus, 'voided'>; expiresAt: Date }[] = [];
    for (const status of ['active', 'used', 'restored'] as const) {
      for (const [label, offset] of [
        ['valid', 60_000],
        ['expiring now', 0],
        ['expired', -60_000],
      ] as const) {
        const code = `${status}-${label}`.toUpperCase().replace(/ /g, '-');
        const expiresAt = new Date(now.getTime() + offset);
        cases.push({ code, status, expiresAt });
        await insertCode(app.ctx, {
          shopId: 's',
          code,
          customerId: 'c1',
          period: code,
          status,
          expiresAt,
          issuedAt: new Date(now.getTime() - 86_400_000),
        });
      }
    }
    await insertCode(app.ctx, { shopId: 's', code: 'OTHER', customerId: 'c2' });
    const voided = await voidCustomerCodes(app.ctx.db, { shopId: 's', customerId: 'c1', at: now });
    const expected = cases.filter((c) => voidedOnErasure(c, now)).map((c) => c.code);
    assert.deepEqual(voided, expected.sort());
    assert.deepEqual(voided, ['ACTIVE-VALID', 'RESTORED-VALID']);
    const again = await voidCustomerCodes(app.ctx.db, { shopId: 's', customerId: 'c1', at: now });
    assert.deepEqual(again, [], 'nothing is voided twice');
    // As stored: the voided ones and no others changed, the other customer's code among them.
    const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : 1);
    const stored = await app.ctx.db
      .selectFrom('discount_codes')
      .select(['code', 'status'])
      .where('shop_id', '=', 's')
      .execute();
    assert.deepEqual(
      stored.sort(byCode),
      [
        ...cases.map((c) => ({ code: c.code, status: voidedOnErasure(c, now) ? 'voided' : c.status })),
        { code: 'OTHER', status: 'active' },
      ].sort(byCode),
    );
  });
});
