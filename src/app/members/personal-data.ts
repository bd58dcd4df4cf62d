import { type SelectQueryBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { Database, Order } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { consentChanges } from '../consent/marketing-consent.ts';
import type { AppContext } from '../context.ts';
import { customerMessages } from '../mail/customer-messages.ts';
import { orderLinesOf } from '../orders/order-amounts.ts';
import { orderLineView, orderReturnsOf, orderReturnView } from '../orders/order-view.ts';
import { orderAmountsJson } from '../reports/order-amounts-json.ts';
import { erasureOf } from './erase-customer.ts';
import { codeView, ledgerLine, memberRows, membershipOf } from './member-view.ts';

/** Rows read per statement: a page of ledger entries is about 200 kB of JSON. */
export const PERSONAL_DATA_PAGE = 1000;

/**
 * Everything stored about one customer of a shop (GDPR article 15; docs/personal-data.md) as one
 * JSON document: the customer, their erasure if any, membership and balance, then the ledger, the
 * codes with their redemptions, the orders with their lines and returns, the reviews and the
 * messages sent to them. Throws `customer_not_found` before anything is written; after that the
 * document is produced a page at a time as it is read, so a member with 100,000 ledger entries
 * never has more than one page in memory. The pages are read one statement each, not in one
 * transaction (a slow reader must not hold the embedded database's single connection): something
 * that happens while the document is being read may or may not be in it.
 */
export async function personalData(
  ctx: AppContext,
  shopId: string,
  customerId: string,
): Promise<AsyncIterable<string>> {
  const now = ctx.clock.now();
  const head = await documentHead(ctx.db, shopId, customerId, now);
  return documentText(ctx.db, head, { shopId, customerId, now, size: PERSONAL_DATA_PAGE });
}

interface Reading {
  shopId: string;
  customerId: string;
  now: Date;
  size: number;
}

async function documentHead(db: Executor, shopId: string, customerId: string, now: Date) {
  const row = await memberRows(db, shopId)
    .select(['c.created_at', 'c.updated_at'])
    .where('c.id', '=', customerId)
    .executeTakeFirst();
  if (!row)
    throw new DomainError('customer_not_found', `Customer "${customerId}" does not exist in this shop`);
  const erasure = await erasureOf(db, shopId, customerId);
  return {
    object: 'personal_data',
    shopId,
    customerId,
    exportedAt: now,
    customer: {
      id: row.id,
      name: row.name,
      email: row.email,
      phone: row.phone,
      language: row.language,
      registeredAt: row.registered_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
    erasure: erasure && {
      erasedAt: erasure.erasedAt,
      erasedBy: erasure.erasedBy,
      codesVoided: erasure.codesVoided,
      messagesCancelled: erasure.messagesCancelled,
      reasonsErased: erasure.reasonsErased,
    },
    membership: membershipOf(row),
    balance: row.balance ?? 0,
  };
}

/** The document's text: its head, then each list a page at a time. */
async function* documentText(
  db: Executor,
  head: Awaited<ReturnType<typeof documentHead>>,
  reading: Reading,
): AsyncGenerator<string> {
  yield JSON.stringify(head).slice(0, -1);
  yield* list('ledger', ledgerPages(db, reading));
  yield* list('codes', codePages(db, reading));
  yield* list('orders', orderPages(db, reading));
  yield* list('reviews', reviewPages(db, reading));
  yield* list('messages', messagePages(db, reading));
  yield* list('marketingConsent', consentPages(db, reading));
  yield '}\n';
}

/** `,"name":[…]` written a page at a time. */
async function* list(name: string, pages: AsyncIterable<unknown[]>): AsyncGenerator<string> {
  yield `,${JSON.stringify(name)}:[`;
  let first = true;
  for await (const page of pages) {
    if (page.length === 0) continue;
    yield `${first ? '' : ','}${page.map((item) => JSON.stringify(item)).join(',')}`;
    first = false;
  }
  yield ']';
}

/** Pages read by `read` after the key of the last row of the page before, until one comes short. */
async function* keyset<R, K>(
  size: number,
  read: (after: K | undefined) => Promise<R[]>,
  keyOf: (row: R) => K,
): AsyncGenerator<R[]> {
  let after: K | undefined;
  for (;;) {
    const rows = await read(after);
    yield rows;
    if (rows.length < size) return;
    after = keyOf(rows.at(-1)!);
  }
}

/**
 * The customer's rows that `query` selects (from a table with `shop_id` and `customer_id`), a page
 * at a time in the order of `key`, a column unique within the shop.
 */
function customerPages<T extends keyof Database, O, K extends keyof O & string>(
  r: Reading,
  query: SelectQueryBuilder<Database, T, O>,
  key: K,
): AsyncGenerator<O[]> {
  return keyset(
    r.size,
    (after: O[K] | undefined) =>
      query
        .where(sql.ref('shop_id'), '=', r.shopId)
        .where(sql.ref('customer_id'), '=', r.customerId)
        .$if(after !== undefined, (q) => q.where(sql.ref(key), '>', after))
        .orderBy(sql.ref(key))
        .limit(r.size)
        .execute(),
    (row) => row[key],
  );
}

async function* ledgerPages(db: Executor, r: Reading) {
  const query = db
    .selectFrom('ledger_entries')
    .select(['id', 'kind', 'points', 'ref_type', 'ref_id', 'author', 'reason', 'created_at']);
  for await (const rows of customerPages(r, query, 'id')) {
    yield rows.map(ledgerLine);
  }
}

async function* codePages(db: Executor, r: Reading) {
  for await (const rows of customerPages(r, db.selectFrom('discount_codes').selectAll(), 'code')) {
    const redemptions = rows.length
      ? await db
          .selectFrom('code_redemptions')
          .select(['code', 'order_id', 'discount_cents', 'redeemed_at'])
          .where('shop_id', '=', r.shopId)
          .where(
            'code',
            'in',
            rows.map((c) => c.code),
          )
          .orderBy('redeemed_at')
          .execute()
      : [];
    yield rows.map((c) => {
      // The document states the stored expiry only; the last valid moment is for people reading a page.
      const { validUntil: _, ...code } = codeView(c, r.now);
      return {
        ...code,
        redemptions: redemptions
          .filter((x) => x.code === c.code)
          .map((x) => ({ orderId: x.order_id, discountCents: x.discount_cents, redeemedAt: x.redeemed_at })),
      };
    });
  }
}

async function* orderPages(db: Executor, r: Reading) {
  const pages = keyset(
    r.size,
    (after: { placedAt: Date; id: string } | undefined) =>
      db
        .selectFrom('orders')
        .selectAll()
        .where('shop_id', '=', r.shopId)
        .where('customer_id', '=', r.customerId)
        .$if(after !== undefined, (q) =>
          q.where(sql<boolean>`(placed_at, id) > (${after!.placedAt}::timestamptz, ${after!.id}::text)`),
        )
        .orderBy('placed_at')
        .orderBy('id')
        .limit(r.size)
        .execute(),
    (row) => ({ placedAt: row.placed_at, id: row.id }),
  );
  for await (const rows of pages) {
    const ids = rows.map((o) => o.id);
    const [lines, returns] = ids.length
      ? await Promise.all([orderLinesOf(db, r.shopId, ids), orderReturnsOf(db, r.shopId, ids)])
      : [[], []];
    yield rows.map((o) => ({
      ...orderJson(o),
      lines: lines.filter((l) => l.order_id === o.id).map(orderLineView),
      returns: returns.filter((x) => x.order_id === o.id).map(orderReturnView),
    }));
  }
}

function orderJson(o: Order) {
  return {
    id: o.id,
    storeVersionId: o.store_version_id,
    channel: o.channel,
    loggedIn: o.logged_in,
    status: o.status,
    earns: o.earns,
    notEarningReason: o.not_earning_reason,
    placedByMember: o.placed_by_member,
    ...orderAmountsJson(o),
    placedAt: o.placed_at,
    deliveredAt: o.delivered_at,
    cancelledAt: o.cancelled_at,
  };
}

async function* reviewPages(db: Executor, r: Reading) {
  for await (const rows of customerPages(r, db.selectFrom('reviews').selectAll(), 'id')) {
    yield rows.map((v) => ({
      id: v.id,
      orderId: v.order_id,
      productId: v.product_id,
      status: v.status,
      submittedAt: v.submitted_at,
      decidedAt: v.decided_at,
    }));
  }
}

/** At most one message per monthly run, so they are read at once. */
async function* messagePages(db: Executor, r: Reading) {
  const rows = await customerMessages(db, r.shopId, r.customerId);
  yield rows.map((m) => ({
    messageKey: m.message_key,
    kind: m.kind,
    status: m.status,
    recipient: m.recipient,
    attempts: m.attempts,
    createdAt: m.created_at,
    sentAt: m.sent_at,
    lastError: m.last_error,
    payload: m.payload,
  }));
}

/** The changes of the customer's consent to marketing, oldest first (few: read at once). */
async function* consentPages(db: Executor, r: Reading) {
  yield await consentChanges(db, r.shopId, r.customerId);
}
