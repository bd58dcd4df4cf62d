import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { joinProgram, leaveProgram } from '../../src/app/members/join-program.ts';
import { getMember } from '../../src/app/members/member-view.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { balanceOf, ledgerSum, publishedShop } from '../support/fixtures.ts';

const isCode = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;

describe('joining and leaving', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp();
    await publishedShop(app.ctx, 's', { joinPoints: 50 });
  });
  after(() => app.close());

  test('joining credits the join points once and gives a member number', async () => {
    const joined = await joinProgram(app.ctx, { shopId: 's', customerId: 'c1', source: 'registration' });
    assert.equal(joined.pointsCredited, 50);
    assert.equal(joined.balance, 50);
    assert.ok(joined.memberNumber > 0);
    const view = await getMember(app.ctx, 's', 'c1');
    assert.equal(view.member?.active, true);
    assert.equal(view.member?.joinSource, 'registration');
  });

  test('a second join is refused and pays nothing', async () => {
    await joinProgram(app.ctx, { shopId: 's', customerId: 'c2', source: 'registration' });
    await assert.rejects(
      joinProgram(app.ctx, { shopId: 's', customerId: 'c2', source: 'my_account' }),
      isCode('already_member'),
    );
    assert.equal(await balanceOf(app.ctx, 's', 'c2'), 50);
  });

  test('leaving and joining again keeps the member number and never pays twice', async () => {
    await joinProgram(app.ctx, { shopId: 's', customerId: 'c3', source: 'registration' });
    const first = await getMember(app.ctx, 's', 'c3');
    await leaveProgram(app.ctx, { shopId: 's', customerId: 'c3' });
    assert.equal((await getMember(app.ctx, 's', 'c3')).member?.active, false);
    await assert.rejects(leaveProgram(app.ctx, { shopId: 's', customerId: 'c3' }), isCode('not_a_member'));
    const again = await joinProgram(app.ctx, { shopId: 's', customerId: 'c3', source: 'pos' });
    assert.equal(again.pointsCredited, 0);
    assert.equal(again.memberNumber, first.member?.memberNumber);
    assert.equal(await ledgerSum(app.ctx, 's', 'c3'), 50);
  });

  test('unknown customers and shops are refused', async () => {
    await assert.rejects(
      joinProgram(app.ctx, { shopId: 's', customerId: 'nobody', source: 'pos' }),
      isCode('customer_not_found'),
    );
    await assert.rejects(
      joinProgram(app.ctx, { shopId: 'other', customerId: 'c1', source: 'pos' }),
      isCode('shop_not_found'),
    );
  });
});
