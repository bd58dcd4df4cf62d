import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { PERSONAL_DATA_PAGE, personalData } from '../../src/app/members/personal-data.ts';
import { balanceOf, testAppWithMember } from '../support/fixtures.ts';
import { prepared, suiteFixture } from '../support/suite-fixture.ts';

const ENTRIES = 100_000;

/**
 * A member with 100,000 ledger entries: their document is written a page at a time as it is read,
 * never built whole in memory.
 */
describe('the document of a member with a long history', () => {
  const app = suiteFixture(() =>
    prepared(testAppWithMember('s', { joinPoints: 1 }), async ({ ctx, clock }) => {
      // A year of small credits, written at once (the ledger's writer would take minutes for these).
      await sql`
        insert into ledger_entries (shop_id, customer_id, kind, points, ref_type, ref_id, idempotency_key, created_at)
        select 's', 'c1', 'purchase', 1, 'order', 'o' || n, 'purchase:o' || n,
               ${clock.now()}::timestamptz + n * interval '1 minute'
        from generate_series(1, ${ENTRIES - 1}) n`.execute(ctx.db);
      await sql`update member_balances set balance = balance + ${ENTRIES - 1}
                where shop_id = 's' and customer_id = 'c1'`.execute(ctx.db);
    }),
  );

  test('holds every entry, oldest first, adding up to the balance', async () => {
    let text = '';
    for await (const chunk of await personalData(app.ctx, 's', 'c1')) text += chunk;
    const doc = JSON.parse(text);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ledger_entries where shop_id = 's' and customer_id = 'c1'`.execute(
      app.ctx.db,
    );
    assert.ok(rows[0]!.n >= ENTRIES);
    assert.equal(doc.ledger.length, rows[0]!.n);
    assert.equal(doc.ledger[0].kind, 'join');
    assert.ok(doc.ledger.every((e: { id: number }, i: number) => i === 0 || e.id > doc.ledger[i - 1].id));
    const total = doc.ledger.reduce((sum: number, e: { points: number }) => sum + e.points, 0);
    assert.equal(total, doc.balance);
    assert.equal(doc.balance, await balanceOf(app.ctx, 's', 'c1'));
  });

  test('comes in pieces of one page each, read as they are asked for', async () => {
    const chunks: string[] = [];
    const document = await personalData(app.ctx, 's', 'c1');
    const iterator = document[Symbol.asyncIterator]();
    // The head and the ledger's first page: the rest is not read yet.
    for (let i = 0; i < 3; i++) chunks.push((await iterator.next()).value as string);
    await adjustPoints(app.ctx, { shopId: 's', customerId: 'c1', points: 5, reason: 'late', author: 't' });
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) chunks.push(next.value);
    const doc = JSON.parse(chunks.join(''));
    assert.ok(doc.ledger.length > ENTRIES, 'an entry written after the first page is in a later one');
    assert.equal(doc.ledger.at(-1).reason, 'late');
    const pages = Math.ceil(doc.ledger.length / PERSONAL_DATA_PAGE);
    assert.ok(chunks.length >= pages, `${chunks.length} chunks for ${pages} pages`);
    const largest = Math.max(...chunks.map((c) => c.length));
    assert.ok(largest < 400_000, `the largest piece is ${largest} characters`);
  });
});
