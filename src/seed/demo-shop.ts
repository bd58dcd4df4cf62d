import { DateTime } from 'luxon';
import type { AppContext } from '../app/context.ts';
import { upsertCustomer } from '../app/customers/upsert-customer.ts';
import { joinProgram } from '../app/members/join-program.ts';
import { runMonthlyConversion } from '../app/monthly/run-monthly-conversion.ts';
import type { PlaceOrderInput } from '../app/orders/place-order.ts';
import { recordSale } from '../app/orders/record-sale.ts';
import { returnItems } from '../app/orders/return-items.ts';
import { createProgram, publishProgram } from '../app/program/manage-program.ts';
import { approveReview, submitReview } from '../app/reviews/reviews.ts';
import { createShop } from '../app/shops/create-shop.ts';
import { ManualClock } from '../clock.ts';
import type { OrderLineInput } from '../domain/earning/eligible-amount.ts';
import { CATALOG, FIRST_NAMES, GIFT_CARD, LAST_NAMES } from './catalog.ts';
import { seededRandom } from './random.ts';

export const DEMO_SHOP_ID = 'demo';

export interface DemoSummary {
  shopId: string;
  customers: number;
  members: number;
  orders: number;
  returns: number;
  reviews: number;
  publishedAt: Date;
  /** Months whose points were converted into codes, oldest first. */
  convertedMonths: string[];
}

export interface DemoOptions {
  customers?: number;
  seed?: number;
  /** Convert points into codes at each month start after publishing, as the service would have (default true). */
  convertMonths?: boolean;
}

/**
 * Seeds a demo shop with about a year of realistic history up to `ctx.clock.now()`: a Finnish web
 * shop and a B2B site that requires login, customers registering over the year, a program published
 * six months ago that most of them joined, and orders, returns and reviews through the same use
 * cases the API calls, so every figure in the admin adds up.
 */
export async function seedDemoShop(ctx: AppContext, options: DemoOptions = {}): Promise<DemoSummary> {
  const random = seededRandom(options.seed ?? 2026);
  const customerCount = options.customers ?? 300;
  const zone = 'Europe/Helsinki';
  const end = DateTime.fromJSDate(ctx.clock.now()).setZone(zone);
  const start = end.minus({ months: 12 }).startOf('month');
  const publishedAt = end.minus({ months: 6 }).startOf('month').plus({ days: 2, hours: 10 });
  const clock = new ManualClock(start.toJSDate());
  const at = { db: ctx.db, clock };

  await createDemoShopAndProgram(at);
  const customers = demoCustomers(random, customerCount, start, end);
  const year: DemoYear = {
    at,
    clock,
    random,
    end,
    publishedAt,
    convertMonths: options.convertMonths ?? true,
    currentPeriod: end.toFormat('yyyy-LL'),
    period: start.toFormat('yyyy-LL'),
    published: false,
    orders: 0,
    returns: 0,
    reviews: 0,
    convertedMonths: [],
    later: [],
  };
  // Walk the year day by day so each event happens in time order.
  for (let day = start; day < end; day = day.plus({ days: 1 })) {
    await runEventsDue(year, day);
    await startDay(year, day);
    for (const customer of customers) await customerDay(year, customer, day);
  }
  await runEventsDue(year, end);
  return {
    shopId: DEMO_SHOP_ID,
    customers: customerCount,
    members: customers.filter((c) => c.joined).length,
    orders: year.orders,
    returns: year.returns,
    reviews: year.reviews,
    publishedAt: publishedAt.toJSDate(),
    convertedMonths: year.convertedMonths,
  };
}

type Random = ReturnType<typeof seededRandom>;

/** A customer of the demo shop and how they behave over the year. */
interface DemoCustomer {
  id: string;
  name: string;
  email: string;
  registeredAt: DateTime;
  ordersPerMonth: number;
  willJoin: boolean;
  joined: boolean;
}

/**
 * The year being written. Every event sets the clock to its own moment, and the seeded random
 * numbers are drawn in one fixed order, so the same seed gives the same shop.
 */
interface DemoYear {
  at: AppContext;
  clock: ManualClock;
  random: Random;
  end: DateTime;
  publishedAt: DateTime;
  convertMonths: boolean;
  /** The month of `end`: only its e-mails are still news. */
  currentPeriod: string;
  /** The month of the day being written. */
  period: string;
  published: boolean;
  orders: number;
  returns: number;
  reviews: number;
  convertedMonths: string[];
  /** Returns and reviews come days after their order; they wait here until their day. */
  later: { at: DateTime; run: () => Promise<unknown> }[];
}

async function createDemoShopAndProgram(at: AppContext): Promise<void> {
  await createShop(at, {
    id: DEMO_SHOP_ID,
    name: 'Retkeilijän Kauppa',
    storeVersions: [
      { id: 'fi', name: 'Verkkokauppa', requiresLogin: false },
      { id: 'b2b', name: 'Jälleenmyyjät (B2B)', requiresLogin: true },
    ],
  });
  await createProgram(at, DEMO_SHOP_ID, {
    name: 'Kanta-asiakasohjelma',
    storeVersionIds: ['fi'],
    joinPoints: 50,
    reviewPoints: 20,
  });
}

/** Customers registering spread over the year, each with an activity level. */
function demoCustomers(random: Random, count: number, start: DateTime, end: DateTime): DemoCustomer[] {
  return Array.from({ length: count }, (_, i) => {
    const registeredAt = DateTime.fromMillis(
      start.toMillis() + random.next() * (end.toMillis() - start.toMillis()),
    );
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    return {
      id: `cust-${String(i + 1).padStart(4, '0')}`,
      name: `${first} ${last}`,
      email: `${first}.${last}.${i + 1}@example.com`
        .toLowerCase()
        .replace(/[äö]/g, (c) => (c === 'ä' ? 'a' : 'o')),
      registeredAt,
      ordersPerMonth: random.pick([0.08, 0.2, 0.35, 0.6, 1.0]),
      willJoin: random.chance(0.7),
      joined: false,
    };
  });
}

/** Writes the returns and reviews waiting for a moment before `until`, in time order. */
async function runEventsDue(year: DemoYear, until: DateTime): Promise<void> {
  year.later.sort((a, b) => a.at.toMillis() - b.at.toMillis());
  while (year.later.length && year.later[0]!.at < until) {
    const event = year.later.shift()!;
    year.clock.set(event.at.toJSDate());
    await event.run();
  }
}

/** A new month converts the last one's points, as the service would; the program starts on its day. */
async function startDay(year: DemoYear, day: DateTime): Promise<void> {
  const { at, clock } = year;
  const dayPeriod = day.toFormat('yyyy-LL');
  if (dayPeriod !== year.period) {
    year.period = dayPeriod;
    if (year.published && year.convertMonths) {
      clock.set(day.startOf('month').toJSDate());
      // Only this month's e-mails are still news; older months' codes were "sent" long ago.
      const period = dayPeriod;
      await runMonthlyConversion(at, { shopId: DEMO_SHOP_ID, period, mail: period === year.currentPeriod });
      year.convertedMonths.push(period);
    }
  }
  if (!year.published && day >= year.publishedAt.startOf('day')) {
    clock.set(year.publishedAt.toJSDate());
    await publishProgram(at, DEMO_SHOP_ID);
    year.published = true;
  }
}

/** One customer's day: registering (on its day), perhaps joining, perhaps an order. */
async function customerDay(year: DemoYear, customer: DemoCustomer, day: DateTime): Promise<void> {
  const { at, clock, random, end } = year;
  if (customer.registeredAt > day.plus({ days: 1 })) return;
  if (customer.registeredAt >= day) {
    clock.set(customer.registeredAt.toJSDate());
    await upsertCustomer(at, {
      shopId: DEMO_SHOP_ID,
      customerId: customer.id,
      email: customer.email,
      name: customer.name,
      language: random.chance(0.85) ? 'fi' : 'en',
      registeredAt: customer.registeredAt.toJSDate(),
    });
  }
  const joinAt = day.plus({ hours: random.int(8, 21) });
  if (year.published && customer.willJoin && !customer.joined && joinAt < end && random.chance(0.08)) {
    clock.set(joinAt.toJSDate());
    await joinProgram(at, {
      shopId: DEMO_SHOP_ID,
      customerId: customer.id,
      source: random.pick(['registration', 'my_account', 'pos'] as const),
    });
    customer.joined = true;
  }
  // Members buy a little more often, as the product page promises.
  const perDay = (customer.ordersPerMonth * (customer.joined ? 1.3 : 1)) / 30;
  if (!random.chance(perDay)) return;
  const placedAt = day.plus({ hours: random.int(7, 22), minutes: random.int(0, 59) });
  if (placedAt > end) return;
  clock.set(placedAt.toJSDate());
  const order = demoOrder(
    random,
    `ord-${String(++year.orders).padStart(6, '0')}`,
    customer.id,
    placedAt.toJSDate(),
  );
  await recordSale(at, order);
  scheduleReturn(year, order, placedAt);
  scheduleReview(year, order, placedAt);
}

/** Now and then one item of an order comes back some days later (never a gift card). */
function scheduleReturn(year: DemoYear, order: PlaceOrderInput, placedAt: DateTime): void {
  const { at, random, end } = year;
  const returnAt = placedAt.plus({ days: random.int(3, 10) });
  const lineNo = random.int(1, order.lines.length);
  if (returnAt < end && random.chance(0.08) && !order.lines[lineNo - 1]!.giftCard) {
    year.later.push({
      at: returnAt,
      run: () =>
        returnItems(at, {
          shopId: DEMO_SHOP_ID,
          orderId: order.orderId,
          returnId: `ret-${order.orderId}`,
          lines: [{ lineNo, quantity: 1 }],
          returnedAt: returnAt.toJSDate(),
        }),
    });
    year.returns++;
  }
}

/** One order in five gets a review of its first product, approved two hours after it is written. */
function scheduleReview(year: DemoYear, order: PlaceOrderInput, placedAt: DateTime): void {
  const { at, clock, random, end } = year;
  const reviewAt = placedAt.plus({ days: random.int(5, 14) });
  if (reviewAt < end && random.chance(0.2)) {
    const reviewId = `rev-${order.orderId}`;
    year.later.push({
      at: reviewAt,
      run: async () => {
        await submitReview(at, {
          shopId: DEMO_SHOP_ID,
          reviewId,
          orderId: order.orderId,
          productId: order.lines[0]!.productId,
        });
        clock.set(reviewAt.plus({ hours: 2 }).toJSDate());
        await approveReview(at, { shopId: DEMO_SHOP_ID, reviewId });
      },
    });
    year.reviews++;
  }
}

function demoOrder(random: Random, orderId: string, customerId: string, placedAt: Date): PlaceOrderInput {
  const lineCount = random.int(1, 3);
  const lines: OrderLineInput[] = Array.from({ length: lineCount }, () => {
    const product = random.pick(CATALOG);
    const quantity = random.chance(0.2) ? 2 : 1;
    const lineDiscountCents = random.chance(0.15) ? Math.floor((product.unitPriceCents * quantity) / 5) : 0;
    return { ...product, quantity, lineDiscountCents, giftCard: false };
  });
  if (random.chance(0.05)) lines.push({ ...GIFT_CARD, quantity: 1, lineDiscountCents: 0, giftCard: true });
  const pos = random.chance(0.2);
  return {
    shopId: DEMO_SHOP_ID,
    orderId,
    customerId,
    storeVersionId: 'fi',
    channel: pos ? 'pos' : 'web',
    loggedIn: random.chance(0.9),
    placedAt,
    lines,
    orderDiscountCents: 0,
    codeDiscountCents: 0,
    shippingCents: pos ? 0 : 590,
    paymentFeeCents: 0,
  };
}
