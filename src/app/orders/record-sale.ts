import type { Db } from '../../db/connect.ts';
import type { AppContext } from '../context.ts';
import { coalescerPerDatabase } from '../request-coalescer.ts';
import { type DeliverResult, deliverOrder } from './deliver-order.ts';
import { loadOrderFacts, loadSalesFacts } from './order-facts.ts';
import { duplicateOf, type PlaceOrderInput } from './place-order.ts';
import { type DecidedSale, decideSale, insertSales, type SaleRequest } from './record-sales-batch.ts';

/**
 * A sale at the till, or any order reported already delivered: the order, its lines, its purchase
 * entry and the balance are written in one statement (`insertSales`, alone or with others). A repeated report changes nothing.
 *
 * Sales arriving together are written together (see RequestCoalescer): one read of their facts and
 * one statement for all of them, each still all-or-nothing and exactly once by its order id.
 */
export function recordSale(ctx: AppContext, input: PlaceOrderInput): Promise<DeliverResult> {
  return coalescerFor(ctx.db).submit({ input, now: ctx.clock.now() });
}

// One batch in flight per database; the sales that arrive meanwhile form the next batch. Two
// batches writing at once measured slower on both databases (on PostgreSQL their commits wait on
// each other's WAL flush), and fewer, larger batches cost less per sale.
const coalescerFor = coalescerPerDatabase<SaleRequest, DeliverResult>(
  (db) => ({ many: (requests) => recordSales(db, requests), one: (request) => recordOneSale(db, request) }),
  { maxInFlight: 1, maxBatch: 64 },
);

async function recordOneSale(db: Db, request: SaleRequest): Promise<DeliverResult> {
  const sale = decideSale(request, await loadOrderFacts(db, request.input));
  const [written] = await insertSales(db, [sale]);
  return written!.inserted ? applied(sale, written!.balance) : recordRepeatedSale(db, sale);
}

function applied(sale: DecidedSale, balance: number | null): DeliverResult {
  return { outcome: 'applied', orderId: sale.input.orderId, pointsEarned: sale.points, balance };
}

/** Reported before: the same order, placed earlier or already delivered. */
async function recordRepeatedSale(db: Db, { input, decided, now }: DecidedSale): Promise<DeliverResult> {
  await duplicateOf(db, input, decided);
  return deliverOrder(
    { db, clock: { now: () => now } },
    { shopId: input.shopId, orderId: input.orderId, deliveredAt: input.placedAt },
  );
}

async function recordSales(db: Db, requests: SaleRequest[]): Promise<PromiseSettledResult<DeliverResult>[]> {
  const facts = await loadSalesFacts(
    db,
    requests.map((r) => r.input),
  );
  const results: PromiseSettledResult<DeliverResult>[] = new Array(requests.length);
  const fresh: { index: number; sale: DecidedSale }[] = [];
  const later: { index: number; request: SaleRequest }[] = [];
  const seen = new Set<string>();
  requests.forEach((request, index) => {
    const key = JSON.stringify([request.input.shopId, request.input.orderId]);
    // The same order twice in one batch: the second is a repeat, answered after the first is in.
    if (seen.has(key)) {
      later.push({ index, request });
      return;
    }
    seen.add(key);
    try {
      const fact = facts[index]!;
      if (fact instanceof Error) throw fact;
      fresh.push({ index, sale: decideSale(request, fact) });
    } catch (error) {
      results[index] = { status: 'rejected', reason: error };
    }
  });
  const written = fresh.length
    ? await insertSales(
        db,
        fresh.map((f) => f.sale),
      )
    : [];
  await Promise.all(
    fresh.map(async ({ index, sale }, i) => {
      const row = written[i]!;
      results[index] = row.inserted
        ? { status: 'fulfilled', value: applied(sale, row.balance) }
        : await settle(recordRepeatedSale(db, sale));
    }),
  );
  for (const { index, request } of later) results[index] = await settle(recordOneSale(db, request));
  return results;
}

function settle<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return promise.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}
