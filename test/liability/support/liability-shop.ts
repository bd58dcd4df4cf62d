import { sql } from 'kysely';
import type { AppContext } from '../../../src/app/context.ts';
import type { StoredCodeStatus } from '../../../src/domain/codes/code-state.ts';
import { newCustomer, publishedShop } from '../../support/fixtures.ts';

/** The report's moment: 15 June 2026 in Helsinki; its months are June 2025 … June 2026 (to date). */
export const REPORT_NOW = '2026-06-15T10:00:00Z';

/**
 * Ledger entries of a shop in Helsinki across month ends (UTC times; Helsinki is UTC+2 in winter,
 * UTC+3 in summer). A's second entry, at 23:30 UTC on 31 January, is 01:30 on 1 February there.
 * The default tiers (100 = 5 €, 250 = 15 €, 500 = 40 €) value a point at 8 cents (the 500 tier).
 */
const ENTRIES: { customer: string; points: number; at: string; kind: 'adjustment' | 'return' }[] = [
  { customer: 'a', points: 300, at: '2026-01-15T10:00:00Z', kind: 'adjustment' },
  { customer: 'a', points: 200, at: '2026-01-31T23:30:00Z', kind: 'adjustment' },
  { customer: 'b', points: 100, at: '2025-03-10T10:00:00Z', kind: 'adjustment' },
  { customer: 'b', points: -150, at: '2026-03-05T10:00:00Z', kind: 'return' },
  { customer: 'c', points: 50, at: '2026-04-30T20:59:00Z', kind: 'adjustment' },
  // After the report's moment: in no month end.
  { customer: 'c', points: 1000, at: '2026-06-20T10:00:00Z', kind: 'adjustment' },
];

interface SeedCode {
  code: string;
  customer: string;
  valueCents: number;
  issuedAt: string;
  expiresAt: string;
  status: StoredCodeStatus;
  usedAt?: string;
}

/** Codes issued at 00:00 on the 1st in Helsinki, as the monthly run issues them. */
const CODES: SeedCode[] = [
  // Unused at February's and March's ends; expires in April unused (breakage in April).
  {
    code: 'K1',
    customer: 'a',
    valueCents: 500,
    issuedAt: '2026-01-31T22:00:00Z',
    expiresAt: '2026-04-30T21:00:00Z',
    status: 'active',
  },
  // Unused at December's end, used in January.
  {
    code: 'K2',
    customer: 'b',
    valueCents: 1500,
    issuedAt: '2025-11-30T22:00:00Z',
    expiresAt: '2026-02-28T22:00:00Z',
    status: 'used',
    usedAt: '2026-01-10T12:00:00Z',
  },
  // Issued at the end of April (00:00 on 1 May): unused at May's end and in June, expires in July.
  {
    code: 'K3',
    customer: 'c',
    valueCents: 4000,
    issuedAt: '2026-04-30T21:00:00Z',
    expiresAt: '2026-07-31T21:00:00Z',
    status: 'active',
  },
  // Used, the order cancelled, given back: unused at March's and April's ends; expires in May unused.
  {
    code: 'K4',
    customer: 'a',
    valueCents: 500,
    issuedAt: '2026-02-28T22:00:00Z',
    expiresAt: '2026-05-31T21:00:00Z',
    status: 'restored',
  },
  // Its owner d was erased on 10 April: unused at March's end only, neither used nor breakage.
  {
    code: 'K5',
    customer: 'd',
    valueCents: 1500,
    issuedAt: '2026-02-28T22:00:00Z',
    expiresAt: '2026-05-31T21:00:00Z',
    status: 'voided',
  },
  // History before the months shown: one expired unused, one used.
  {
    code: 'K6',
    customer: 'b',
    valueCents: 1000,
    issuedAt: '2024-12-31T22:00:00Z',
    expiresAt: '2025-03-31T21:00:00Z',
    status: 'active',
  },
  {
    code: 'K7',
    customer: 'b',
    valueCents: 3000,
    issuedAt: '2025-01-31T22:00:00Z',
    expiresAt: '2025-04-30T21:00:00Z',
    status: 'used',
    usedAt: '2025-02-15T12:00:00Z',
  },
];

/**
 * A published shop in Helsinki with the entries and codes above, written as they are stored (the
 * ledger's and the codes' own writers decide them from events; here the moments are what matters).
 */
export async function liabilityShop(ctx: AppContext, shopId: string): Promise<void> {
  await publishedShop(ctx, shopId);
  for (const id of ['a', 'b', 'c', 'd']) await newCustomer(ctx, shopId, id);
  for (const [i, e] of ENTRIES.entries()) {
    await ctx.db
      .insertInto('ledger_entries')
      .values({
        shop_id: shopId,
        customer_id: e.customer,
        kind: e.kind,
        points: e.points,
        ref_type: e.kind === 'return' ? 'return' : 'adjustment',
        ref_id: `seed-${i}`,
        idempotency_key: `seed:${i}`,
        author: e.kind === 'adjustment' ? 'seed' : null,
        reason: e.kind === 'adjustment' ? 'seed' : null,
        created_at: new Date(e.at),
      })
      .execute();
  }
  for (const c of CODES) {
    await ctx.db
      .insertInto('discount_codes')
      .values({
        shop_id: shopId,
        code: c.code,
        customer_id: c.customer,
        period: c.code,
        value_cents: c.valueCents,
        points: 100,
        issued_at: new Date(c.issuedAt),
        expires_at: new Date(c.expiresAt),
        status: c.status,
        used_order_id: c.status === 'used' ? `order-${c.code}` : null,
        used_at: c.usedAt ? new Date(c.usedAt) : null,
      })
      .execute();
  }
  await sql`insert into customer_erasures (shop_id, customer_id, erased_at, erased_by_kind, erased_by,
      codes_voided, messages_cancelled, reasons_erased)
    values (${shopId}, 'd', ${new Date('2026-04-10T09:00:00Z')}, 'command_line', 'test', 1, 0, 0)`.execute(
    ctx.db,
  );
}

/** One month's expected figures: points, codes (by expiry month), breakage of the month and the rate. */
export interface Expected {
  outstanding: number;
  members: number;
  negative: number;
  unused: [string, number, number][];
  expired: [number, number];
  rateBp: number;
  net: number;
}

const early: Expected = {
  outstanding: 100,
  members: 1,
  negative: 0,
  unused: [],
  expired: [0, 0],
  rateBp: 2500,
  net: 0,
};

/** April's figures, which May's and June's repeat but for what changes. */
const april: Expected = {
  outstanding: 550,
  members: 2,
  negative: -50,
  unused: [['2026-05', 1, 500]],
  expired: [1, 500],
  rateBp: 2500,
  net: 375,
};
const may: Expected = { ...april, unused: [['2026-07', 1, 4000]], rateBp: 3077, net: 2769 };

/**
 * What the report must show for the shop above, month by month. The breakage rate starts from the
 * history (1,000 expired of 4,000 decided: 25 %), January's use makes it 1,000 / 5,500, April's and
 * May's expiries 1,500 / 6,000 and 2,000 / 6,500.
 */
export const EXPECTED: Record<string, Expected> = {
  '2025-06': early,
  '2025-07': early,
  '2025-08': early,
  '2025-09': early,
  '2025-10': early,
  '2025-11': early,
  '2025-12': { ...early, unused: [['2026-02', 1, 1500]], net: 1125 },
  '2026-01': { ...early, outstanding: 400, members: 2, rateBp: 1818 },
  '2026-02': {
    ...early,
    outstanding: 600,
    members: 2,
    unused: [['2026-04', 1, 500]],
    rateBp: 1818,
    net: 409,
  },
  '2026-03': {
    outstanding: 500,
    members: 1,
    negative: -50,
    unused: [
      ['2026-04', 1, 500],
      ['2026-05', 2, 2000],
    ],
    expired: [0, 0],
    rateBp: 1818,
    net: 2045,
  },
  '2026-04': april,
  '2026-05': may,
  '2026-06': { ...may, expired: [0, 0] },
};
