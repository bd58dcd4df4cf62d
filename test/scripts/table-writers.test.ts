import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foreignTableWrites } from '../../scripts/table-writers.ts';

test('a write to the ledger or the balances outside the ledger writer is reported, in SQL or the query builder', () => {
  const text = [
    "await trx.insertInto('ledger_entries').values(row).execute();",
    'const moved = sql`update member_balances set balance = balance + 1`;',
    'sql`delete from discount_codes where shop_id = 1`',
    'sql`insert into order_lines (shop_id) values (1)`',
  ].join('\n');
  assert.deepEqual(foreignTableWrites('src/app/orders/some-use-case.ts', text), [
    'src/app/orders/some-use-case.ts:1 writes ledger_entries, whose writer is src/app/ledger/ledger-writer.ts',
    'src/app/orders/some-use-case.ts:2 writes member_balances, whose writer is src/app/ledger/ledger-writer.ts',
    'src/app/orders/some-use-case.ts:3 writes discount_codes, whose writer is src/app/codes/code-writes.ts',
  ]);
});

test("the writers themselves, reads, an upsert's 'do update set' and comments are not reported", () => {
  const ledger = 'sql`insert into ledger_entries (shop_id) select 1 on conflict do update set x = 1`';
  assert.deepEqual(foreignTableWrites('src/app/ledger/ledger-writer.ts', ledger), []);
  assert.deepEqual(
    foreignTableWrites('src/app/mail/any-new-file.ts', 'sql`update mail_outbox set a = 1`'),
    [],
  );
  const elsewhere = [
    "db.selectFrom('ledger_entries').selectAll()",
    ' * the set-based form of an insert into ledger_entries',
    "// update member_balances is the writer's job",
    'sql`insert into orders (id) values (1) on conflict (id) do update set id = excluded.id`',
  ].join('\n');
  assert.deepEqual(foreignTableWrites('src/app/orders/some-use-case.ts', elsewhere), []);
});
