import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { leaveProgram } from '../../src/app/members/join-program.ts';
import {
  type MonthlyRunProgress,
  runMonthlyConversion,
} from '../../src/app/monthly/run-monthly-conversion.ts';
import { deliverOrder } from '../../src/app/orders/deliver-order.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { returnItems } from '../../src/app/orders/return-items.ts';
import { createProgram, publishProgram, updateSettings } from '../../src/app/program/manage-program.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { convertBalance } from '../../src/domain/conversion/monthly-conversion.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { balanceOf, oneLineOrder, publishedShop } from '../support/fixtures.ts';
import {
  assertBalancesMatchLedger,
  CODE_FORMAT,
  codesOf,
  local,
  mailKeys,
  memberWithPoints,
  wallClock,
} from './support.ts';

describe('monthly conversion: the SPEC examples', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp('2026-06-15T10:00:00Z');
    await publishedShop(app.ctx, 's1'); // tiers 100 → 5 €, 250 → 15 €, 500 → 40 €; codes valid 3 months
    await memberWithPoints(app.ctx, 's1', 'a', 620);
    await memberWithPoints(app.ctx, 's1', 'b', 1400);
    await memberWithPoints(app.ctx, 's1', 'small', 80);
    await memberWithPoints(app.ctx, 's1', 'negative', -30);
    await memberWithPoints(app.ctx, 's1', 'zero', 0);
    await memberWithPoints(app.ctx, 's1', 'no-email', 250, { email: null });
    await memberWithPoints(app.ctx, 's1', 'mid', 260);
    await memberWithPoints(app.ctx, 's1', 'gone', 900);
    await leaveProgram(app.ctx, { shopId: 's1', customerId: 'gone' });
  });
  after(() => app.close());

  test('620 → one 40 € code and 120 left; 1,400 → one 40 € code and 900 left', async () => {
    app.clock.set(local('2026-07-01 00:00'));
    const run = await runMonthlyConversion(app.ctx, { shopId: 's1', period: '2026-07' });
    assert.equal(run.outcome, 'completed');

    const [a] = await codesOf(app.ctx, 's1', 'a');
    assert.deepEqual([a?.value_cents, a?.points, a?.period, a?.status], [4000, 500, '2026-07', 'active']);
    assert.match(a!.code, CODE_FORMAT);
    assert.equal(await balanceOf(app.ctx, 's1', 'a'), 120);

    const bCodes = await codesOf(app.ctx, 's1', 'b');
    assert.equal(bCodes.length, 1, 'one code a month, however many tiers the balance could pay for');
    assert.equal(bCodes[0]!.value_cents, 4000);
    assert.equal(await balanceOf(app.ctx, 's1', 'b'), 900);

    assert.equal((await codesOf(app.ctx, 's1', 'mid'))[0]?.value_cents, 1500);
    assert.equal(await balanceOf(app.ctx, 's1', 'mid'), 10);
  });

  test('small, zero and negative balances and members who left get nothing', async () => {
    for (const [customer, balance] of [
      ['small', 80],
      ['zero', 0],
      ['negative', -30],
      ['gone', 900],
    ] as const) {
      assert.deepEqual(await codesOf(app.ctx, 's1', customer), [], customer);
      assert.equal(await balanceOf(app.ctx, 's1', customer), balance, customer);
    }
  });

  test('the points leave through a ledger entry that references the month', async () => {
    const entries = await app.ctx.db
      .selectFrom('ledger_entries')
      .select(['customer_id', 'kind', 'points', 'ref_type', 'ref_id', 'idempotency_key', 'created_at'])
      .where('shop_id', '=', 's1')
      .where('kind', '=', 'conversion')
      .orderBy('customer_id')
      .execute();
    assert.deepEqual(
      entries.map((e) => [e.customer_id, e.points, e.ref_type, e.ref_id, e.idempotency_key]),
      [
        ['a', -500, 'month', '2026-07', 'conversion:2026-07:a'],
        ['b', -500, 'month', '2026-07', 'conversion:2026-07:b'],
        ['mid', -250, 'month', '2026-07', 'conversion:2026-07:mid'],
        ['no-email', -250, 'month', '2026-07', 'conversion:2026-07:no-email'],
      ],
    );
    await assertBalancesMatchLedger(app.ctx, 's1');
  });

  test('a code issued at 00:00 on 1 July is valid through 30 September 23:59:59 in Helsinki', async () => {
    const [a] = await codesOf(app.ctx, 's1', 'a');
    assert.equal(wallClock(a!.issued_at), '2026-07-01 00:00:00');
    assert.equal(wallClock(new Date(a!.expires_at.getTime() - 1000)), '2026-09-30 23:59:59');
  });

  test('the run record keeps the month’s totals', async () => {
    const run = await app.ctx.db
      .selectFrom('monthly_runs')
      .selectAll()
      .where('shop_id', '=', 's1')
      .where('period', '=', '2026-07')
      .executeTakeFirstOrThrow();
    assert.equal(run.status, 'completed');
    assert.deepEqual(
      [
        run.members_scanned,
        run.members_converted,
        run.points_deducted,
        run.codes_value_cents,
        run.mails_queued,
      ],
      [7, 4, 1500, 11000, 3],
    );
    assert.equal(run.finished_at!.getTime() >= run.started_at.getTime(), true);
  });

  test('running the month again changes nothing', async () => {
    app.clock.set(local('2026-07-01 08:00'));
    const again = await runMonthlyConversion(app.ctx, { shopId: 's1', period: '2026-07' });
    assert.equal(again.outcome, 'already_completed');
    assert.equal(again.membersConverted, 4);
    assert.equal((await codesOf(app.ctx, 's1', 'a')).length, 1);
    assert.equal(await balanceOf(app.ctx, 's1', 'a'), 120);
  });

  test('next month with no purchases: 120 → a 5 € code and 20 left; 900 → 40 € and 400 left', async () => {
    app.clock.set(local('2026-08-01 00:00'));
    const run = await runMonthlyConversion(app.ctx, { shopId: 's1', period: '2026-08' });
    assert.equal(run.membersConverted, 2);
    const aCodes = await codesOf(app.ctx, 's1', 'a');
    assert.deepEqual(
      aCodes.map((c) => [c.period, c.value_cents]),
      [
        ['2026-07', 4000],
        ['2026-08', 500],
      ],
    );
    assert.equal(await balanceOf(app.ctx, 's1', 'a'), 20);
    assert.equal(await balanceOf(app.ctx, 's1', 'b'), 400);
    assert.notEqual(aCodes[0]!.code, aCodes[1]!.code);
    await assertBalancesMatchLedger(app.ctx, 's1');
  });

  test('the e-mails list every valid code, this month’s and earlier ones, with the balance', async () => {
    assert.deepEqual(await mailKeys(app.ctx, 's1'), [
      'monthly:2026-07:a',
      'monthly:2026-07:b',
      'monthly:2026-07:mid',
      'monthly:2026-08:a',
      'monthly:2026-08:b',
      'monthly:2026-08:mid', // no new code in August, but July's is still valid
    ]);
    const rows = await app.ctx.db
      .selectFrom('mail_outbox')
      .select(['message_key', 'payload', 'status'])
      .where('shop_id', '=', 's1')
      .execute();
    const august = rows.find((r) => r.message_key === 'monthly:2026-08:a')!.payload as {
      balance: number;
      name: string;
      codes: { code: string; valueCents: number; expiresAt: string }[];
    };
    assert.equal(august.balance, 20);
    assert.equal(august.name, 'Customer a');
    assert.deepEqual(
      august.codes.map((c) => c.valueCents),
      [4000, 500],
    );
    const midAugust = rows.find((r) => r.message_key === 'monthly:2026-08:mid')!.payload as {
      balance: number;
    };
    assert.equal(midAugust.balance, 10);
    assert.ok(rows.every((r) => r.status === 'pending'));
  });
});

describe('monthly conversion: rules across months', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp('2026-06-15T10:00:00Z');
    await publishedShop(app.ctx, 's2');
  });
  after(() => app.close());

  test('tiers changed between months: the next run uses the new tiers', async () => {
    await memberWithPoints(app.ctx, 's2', 'x', 620);
    app.clock.set(local('2026-07-01 00:00'));
    await runMonthlyConversion(app.ctx, { shopId: 's2', period: '2026-07' });
    assert.equal(await balanceOf(app.ctx, 's2', 'x'), 120);

    await updateSettings(app.ctx, 's2', { tiers: [{ points: 60, valueCents: 700 }] });
    app.clock.set(local('2026-08-01 00:00'));
    await runMonthlyConversion(app.ctx, { shopId: 's2', period: '2026-08' });
    const codes = await codesOf(app.ctx, 's2', 'x');
    assert.deepEqual(
      codes.map((c) => [c.period, c.points, c.value_cents]),
      [
        ['2026-07', 500, 4000],
        ['2026-08', 60, 700],
      ],
    );
    assert.equal(await balanceOf(app.ctx, 's2', 'x'), 60);
  });

  test('a returned order after conversion: the code stays valid and the balance goes negative', async () => {
    await memberWithPoints(app.ctx, 's2', 'y', 0);
    app.clock.set(local('2026-08-10 12:00'));
    await placeOrder(app.ctx, oneLineOrder('s2', 'o-620', 'y', app.clock.now(), 62_000));
    await deliverOrder(app.ctx, { shopId: 's2', orderId: 'o-620' });
    assert.equal(await balanceOf(app.ctx, 's2', 'y'), 620);

    await updateSettings(app.ctx, 's2', {
      tiers: [
        { points: 100, valueCents: 500 },
        { points: 500, valueCents: 4000 },
      ],
    });
    app.clock.set(local('2026-09-01 00:00'));
    await runMonthlyConversion(app.ctx, { shopId: 's2', period: '2026-09' });
    assert.equal(await balanceOf(app.ctx, 's2', 'y'), 120);

    app.clock.set(local('2026-09-05 10:00'));
    await returnItems(app.ctx, {
      shopId: 's2',
      orderId: 'o-620',
      returnId: 'r-1',
      lines: [{ lineNo: 1, quantity: 1 }],
    });
    assert.equal(await balanceOf(app.ctx, 's2', 'y'), -500, 'the member owes what the code was paid with');
    const [code] = await codesOf(app.ctx, 's2', 'y');
    assert.equal(code!.status, 'active');

    app.clock.set(local('2026-10-01 00:00'));
    const october = await runMonthlyConversion(app.ctx, { shopId: 's2', period: '2026-10' });
    assert.equal((await codesOf(app.ctx, 's2', 'y')).length, 1, 'a negative balance earns no code');
    assert.equal(october.membersConverted, 0);
    await assertBalancesMatchLedger(app.ctx, 's2');
  });

  test('the SQL picks the same tier as convertBalance for balances around every tier', async () => {
    const tiers = [
      { points: 100, valueCents: 500 },
      { points: 250, valueCents: 1500 },
      { points: 500, valueCents: 4000 },
    ];
    await createShop(app.ctx, {
      id: 's3',
      name: 'Tiers',
      storeVersions: [{ id: 'web', name: 'Web', requiresLogin: false }],
    });
    app.clock.set(local('2026-10-01 12:00'));
    await createProgram(app.ctx, 's3', { storeVersionIds: ['web'], tiers });
    await publishProgram(app.ctx, 's3');
    const balances = [-1, 0, 1, 99, 100, 101, 249, 250, 251, 499, 500, 501, 999, 1400, 25_000];
    for (const [i, balance] of balances.entries()) await memberWithPoints(app.ctx, 's3', `m${i}`, balance);
    app.clock.set(local('2026-11-01 00:00'));
    await runMonthlyConversion(app.ctx, { shopId: 's3', period: '2026-11', batchSize: 4 });
    for (const [i, balance] of balances.entries()) {
      const expected = convertBalance(balance, tiers);
      const codes = await codesOf(app.ctx, 's3', `m${i}`);
      assert.deepEqual(
        codes.map((c) => [c.points, c.value_cents]),
        expected ? [[expected.pointsCost, expected.valueCents]] : [],
        `balance ${balance}`,
      );
      assert.equal(await balanceOf(app.ctx, 's3', `m${i}`), expected ? expected.rest : balance);
    }
  });
});

describe('monthly conversion: batches, codes and input', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp('2026-06-15T10:00:00Z');
    await publishedShop(app.ctx, 'big');
    for (let i = 0; i < 30; i++)
      await memberWithPoints(app.ctx, 'big', `m${String(i).padStart(2, '0')}`, 100 + i * 20);
  });
  after(() => app.close());

  test('small batches over several slices convert every member exactly once, with distinct codes', async () => {
    app.clock.set(local('2026-07-01 00:00'));
    const progress: MonthlyRunProgress[] = [];
    const run = await runMonthlyConversion(app.ctx, {
      shopId: 'big',
      period: '2026-07',
      batchSize: 4,
      concurrency: 3,
      onProgress: (p) => {
        progress.push(p);
      },
    });
    assert.equal(run.membersConverted, 30);
    assert.equal(run.membersScanned, 30);
    const slices = await app.ctx.db
      .selectFrom('monthly_run_slices')
      .selectAll()
      .where('shop_id', '=', 'big')
      .execute();
    assert.ok(slices.length > 1, 'a shop of several batches is cut into slices');
    assert.ok(slices.every((s) => s.status === 'done'));
    const codes = await app.ctx.db
      .selectFrom('discount_codes')
      .select(['code', 'customer_id'])
      .where('shop_id', '=', 'big')
      .execute();
    assert.equal(codes.length, 30);
    assert.equal(new Set(codes.map((c) => c.code)).size, 30);
    assert.equal(new Set(codes.map((c) => c.customer_id)).size, 30);
    assert.ok(codes.every((c) => CODE_FORMAT.test(c.code)));
    assert.equal(progress.at(-1)?.membersScanned, 30);
    assert.equal(progress.at(-1)?.membersTotal, 30);
    await assertBalancesMatchLedger(app.ctx, 'big');
  });

  test('a batch whose fresh codes collide is rolled back and run again with new codes', async () => {
    let calls = 0;
    // The first draw gives every member of the batch the same code: the primary key refuses it.
    const repeating = (size: number) =>
      size > 0 && calls++ === 0 ? new Uint8Array(size) : randomBytes(size);
    for (let i = 0; i < 3; i++) await memberWithPoints(app.ctx, 'big', `late${i}`, 100);
    app.clock.set(local('2026-08-01 00:00'));
    const run = await runMonthlyConversion(app.ctx, {
      shopId: 'big',
      period: '2026-08',
      randomBytes: repeating,
    });
    assert.ok(calls > 1, 'the codes were drawn again');
    const august = await app.ctx.db
      .selectFrom('discount_codes')
      .select('code')
      .where('shop_id', '=', 'big')
      .where('period', '=', '2026-08')
      .execute();
    assert.equal(august.length, run.membersConverted);
    assert.equal(new Set(august.map((c) => c.code)).size, august.length);
    await assertBalancesMatchLedger(app.ctx, 'big');
  });

  test('refuses a malformed month, a month not yet begun, and an unpublished program', async () => {
    app.clock.set(local('2026-08-15 12:00'));
    await assert.rejects(runMonthlyConversion(app.ctx, { shopId: 'big', period: '2026-13' }), {
      code: 'invalid_input',
    });
    await assert.rejects(
      runMonthlyConversion(app.ctx, { shopId: 'big', period: '2026-09' }),
      (error: unknown) =>
        error instanceof DomainError && error.code === 'invalid_input' && /2026-09/.test(error.message),
    );
    await createShop(app.ctx, {
      id: 'draft',
      name: 'Draft',
      storeVersions: [{ id: 'web', name: 'Web', requiresLogin: false }],
    });
    await createProgram(app.ctx, 'draft', { storeVersionIds: ['web'] });
    await assert.rejects(runMonthlyConversion(app.ctx, { shopId: 'draft', period: '2026-08' }), {
      code: 'program_not_published',
    });
    await assert.rejects(runMonthlyConversion(app.ctx, { shopId: 'nowhere', period: '2026-08' }), {
      code: 'shop_not_found',
    });
  });

  test('without mail the codes are issued and no e-mail is queued', async () => {
    await memberWithPoints(app.ctx, 'big', 'quiet', 300);
    app.clock.set(local('2026-09-01 00:00'));
    const run = await runMonthlyConversion(app.ctx, { shopId: 'big', period: '2026-09', mail: false });
    assert.ok(run.membersConverted > 0);
    assert.equal(run.mailsQueued, 0);
    const queued = (await mailKeys(app.ctx, 'big')).filter((key) => key.startsWith('monthly:2026-09:'));
    assert.deepEqual(queued, []);
  });
});
