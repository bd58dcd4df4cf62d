import type { Db } from '../../db/connect.ts';
import { type AppContext, contextPart } from '../context.ts';
import { TwoStepCoalescer } from '../two-step-coalescer.ts';
import { type DeliverResult, deliverOrder } from './deliver-order.ts';
import { loadOrderFacts, loadSalesFacts } from './order-facts.ts';
import { duplicateOf, type PlaceOrderInput } from './place-order.ts';
import { type DecidedSale, decideSale, insertSales, type SaleRequest } from './record-sales-batch.ts';

/** recordSale's batches of one database: see `salesWriter`. */
export type SalesWriter = TwoStepCoalescer<SaleRequest, DecidedSale, DeliverResult>;

/** A context with the service's sales writer, or a plain one (see `contextPart`). */
export type SalesContext = AppContext & { salesWriter?: SalesWriter };

/**
 * A sale at the till, or any order reported already delivered: the order, its lines, its purchase
 * entry and the balance are written in one statement (`insertSales`, alone or with others). A repeated report changes nothing.
 *
 * Sales arriving together are written together (see TwoStepCoalescer): one read of their facts and
 * one statement for all of them, each still all-or-nothing and exactly once by its order id. Under
 * load the next sales' facts are read while the previous ones are written.
 */
export function recordSale(ctx: SalesContext, input: PlaceOrderInput): Promise<DeliverResult> {
  return contextPart(ctx, 'salesWriter', salesWriter).submit({ input, now: ctx.clock.now() });
}

/**
 * The one sales writer a service keeps for its database (the composition root makes it): one write
 * in flight, and the sales decided meanwhile form the next one. Two batches writing at once
 * measured slower on both databases (on PostgreSQL their commits wait on each other's WAL flush),
 * and fewer, larger batches cost less per sale.
 */
export function salesWriter(db: Db): SalesWriter {
  return new TwoStepCoalescer(
    {
      prepare: (requests) => decideSales(db, requests),
      write: (sales) => writeSales(db, sales),
      one: (request) => recordOneSale(db, request),
    },
    64,
  );
}

async function recordOneSale(db: Db, request: SaleRequest): Promise<DeliverResult> {
  const sale = decideSale(request, await loadOrderFacts(db, request.input));
  const [written] = await insertSales(db, [sale]);
  return written!.inserted ? applied(sale, written!.balance) : recordRepeatedSale(db, sale);
}

function applied(sale: DecidedSale, balance: number | null): DeliverResult {
  return { outcome: 'applied', orderId: sale.input.orderId, pointsEarned: sale.points, balance };
}

/** Reported before: the same order, placed earlier or already delivered. */
async function recordRepeatedSale(db: Db, sale: DecidedSale): Promise<DeliverResult> {
  const { input, decided, now } = sale;
  await duplicateOf(db, input, decided);
  return deliverOrder(
    { db, clock: { now: () => now } },
    { shopId: input.shopId, orderId: input.orderId, deliveredAt: input.placedAt },
  );
}

/** The facts of the sales in one read, and each sale decided on them (or its own error). */
async function decideSales(db: Db, requests: SaleRequest[]): Promise<PromiseSettledResult<DecidedSale>[]> {
  const facts = await loadSalesFacts(
    db,
    requests.map((r) => r.input),
  );
  return requests.map((request, i) => {
    try {
      const fact = facts[i]!;
      if (fact instanceof Error) throw fact;
      return { status: 'fulfilled', value: decideSale(request, fact) };
    } catch (error) {
      return { status: 'rejected', reason: error };
    }
  });
}

/**
 * Writes the decided sales in one statement. The same order twice among them: the second is a
 * repeat, answered after the first. Repeats of orders written before are answered outside the
 * one-at-a-time write.
 */
async function writeSales(db: Db, sales: DecidedSale[]): Promise<Promise<DeliverResult>[]> {
  const keys = sales.map((sale) => JSON.stringify([sale.input.shopId, sale.input.orderId]));
  const firstOf = new Map<string, number>();
  keys.forEach((key, index) => {
    if (!firstOf.has(key)) firstOf.set(key, index);
  });
  const fresh = [...firstOf.values()];
  const written = await insertSales(
    db,
    fresh.map((index) => sales[index]!),
  );
  const answers: Promise<DeliverResult>[] = new Array(sales.length);
  fresh.forEach((index, i) => {
    const sale = sales[index]!;
    answers[index] = written[i]!.inserted
      ? Promise.resolve(applied(sale, written[i]!.balance))
      : recordRepeatedSale(db, sale);
  });
  keys.forEach((key, index) => {
    const first = firstOf.get(key)!;
    if (first === index) return;
    const repeat = () => recordRepeatedSale(db, sales[index]!);
    answers[index] = answers[first]!.then(repeat, repeat);
  });
  return answers;
}
