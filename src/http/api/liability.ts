import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { type LiabilityMonth, type LiabilityReport, pointsLiability } from '../../app/reports/liability.ts';
import { LIABILITY_PAST_MONTHS } from '../../domain/liability/liability-months.ts';
import { routeSpec } from './route-spec.ts';
import { isoTime, safeInt } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const month = z
  .string()
  .max(7)
  .regex(/^\d{4}-\d{2}$/)
  .describe('A calendar month in the shop’s time zone, `YYYY-MM`');
const count = safeInt().min(0);
const centsSum = safeInt().describe('Integer cents');
const codeFigures = (what: string) =>
  z.object({ count: count.describe(`Codes ${what}`), valueCents: centsSum.describe(`Their value, cents`) });

const liabilityMonthSchema = z
  .object({
    month,
    end: isoTime.describe(
      'The month end: 00:00 on the next month’s first day in the shop’s zone; for the current month, the report’s moment',
    ),
    toDate: z.boolean().describe('The current month, to date'),
    points: z.object({
      outstanding: count.describe('Sum of the positive balances at the month end'),
      members: count.describe('Members with a positive balance'),
      valueCents: centsSum
        .nullable()
        .describe(
          '`outstanding` at the euros per point of the best tier (`valuationTier`); null without a program',
        ),
      negative: safeInt()
        .max(0)
        .describe('Sum of the negative balances: points members owe (a receivable, not a liability)'),
    }),
    codes: z.object({
      unused: codeFigures('issued, not used, not expired and not voided at the month end').extend({
        byExpiryMonth: z
          .array(z.object({ month, count, valueCents: centsSum }))
          // A code is valid at most 36 months: a month end sees at most 37 expiry months.
          .max(100)
          .describe(
            'The unused codes by the month they expire in (of their last valid moment), soonest first',
          ),
      }),
      expired: codeFigures('that expired unused during the month (breakage)'),
      used: codeFigures('used during the month'),
      breakageRateBp: safeInt()
        .min(0)
        .max(10_000)
        .nullable()
        .describe(
          'Expected breakage in basis points (2500 = 25 %): the value of codes expired unused over the value of codes expired unused or used, in all months up to this month end; null before any code expired or was used',
        ),
      netUnusedCents: centsSum.describe('The unused codes’ value less the breakage expected at that rate'),
    }),
    totalCents: centsSum
      .nullable()
      .describe('What the program owes at the month end: `points.valueCents` plus `codes.netUnusedCents`'),
  })
  .meta({ id: 'LiabilityMonth' });

const liabilitySchema = z
  .object({
    object: z.literal('points_liability'),
    at: isoTime.describe('When the report was made'),
    timeZone: z.string().max(100).describe('The zone whose calendar months the report follows'),
    currency: z.string().max(3),
    valuationTier: z
      .object({ points: count, valueCents: centsSum })
      .nullable()
      .describe(
        'The tier with the most euros per point, whose rate values the outstanding points; null without a program',
      ),
    months: z
      .array(liabilityMonthSchema)
      .max(LIABILITY_PAST_MONTHS + 1)
      .describe('The last twelve months and the current month to date, oldest first'),
  })
  .meta({ id: 'PointsLiability' });

function monthJson(m: LiabilityMonth) {
  return {
    month: m.month,
    end: m.end.toISOString(),
    toDate: m.toDate,
    points: m.points,
    codes: {
      unused: {
        count: m.codes.unusedCount,
        valueCents: m.codes.unusedCents,
        byExpiryMonth: m.codes.byExpiry,
      },
      expired: { count: m.codes.expiredCount, valueCents: m.codes.expiredCents },
      used: { count: m.codes.usedCount, valueCents: m.codes.usedCents },
      breakageRateBp: m.codes.breakageRateBp,
      netUnusedCents: m.codes.netUnusedCents,
    },
    totalCents: m.totalCents,
  };
}

export function liabilityJson(report: LiabilityReport) {
  return {
    object: 'points_liability' as const,
    at: report.at.toISOString(),
    timeZone: report.timeZone,
    currency: report.currency,
    valuationTier: report.valuationTier
      ? { points: report.valuationTier.points, valueCents: report.valuationTier.valueCents }
      : null,
    months: report.months.map(monthJson),
  };
}

/** What the program owes, month end by month end, for the shop's accounts (docs/liability.md). */
export function liabilityRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/reports/liability',
    routeSpec('GET', {
      operationId: 'getPointsLiability',
      tag: 'Reports',
      summary: 'Points liability by month end',
      description:
        'What the program owes at each month end of the last twelve months and of the current month to date, in the shop’s time zone: outstanding points and their value at the best tier’s rate, negative balances apart, unused codes by expiry month, codes expired unused (breakage) and the expected breakage rate from history, and the unused codes net of it. Computed from the ledger and the codes as they are now, so a month’s figures change if an event is reported late. The figures for deferred revenue under IFRS 15 are explained in docs/liability.md. Read-only keys may use it.',
      responses: { 200: liabilitySchema },
      example: {},
    }),
    async (request) => liabilityJson(await pointsLiability(ctx, shopOf(request))),
  );
}
