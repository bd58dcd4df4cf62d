import type { Cents, Points } from '../money.ts';
import type { RewardTier } from '../program/settings.ts';
import { expiryMonth, type LiabilityMonths } from './liability-months.ts';
import { bestTier, breakageRateBp, netOfBreakage, pointsValueCents } from './valuation.ts';

/*
 * The figures arrive from the database bucketed by month: bucket j (1 … months) holds what happened
 * in month j (bounds[j-1] ≤ t < bounds[j]), bucket 0 what happened before the first month shown.
 * The folds below turn them into each month end's figures.
 */

/** The balances at one month end, summed over the members. */
export interface MonthBalances {
  /** Sum of the positive balances. */
  positivePoints: Points;
  /** Members with a positive balance. */
  members: number;
  /** Sum of the negative balances (≤ 0). */
  negativePoints: Points;
}

/** Codes unused at every month end in [from, to): issued in bucket `from`, used, expired or voided in `to`. */
export interface CodeSpan {
  from: number;
  to: number;
  expiresAt: Date;
  count: number;
  valueCents: Cents;
}

/** Codes that were used, or that expired unused, in a bucket. */
export interface CodeOutcome {
  bucket: number;
  outcome: 'used' | 'expired';
  count: number;
  valueCents: Cents;
}

export interface ExpiryGroup {
  /** The month the codes expire in ('YYYY-MM', expiryMonth). */
  month: string;
  count: number;
  valueCents: Cents;
}

export interface LiabilityMonth {
  month: string;
  /** The month's end (00:00 on the next month's first day), or the report's moment for the current month. */
  end: Date;
  /** The current month, to date. */
  toDate: boolean;
  points: {
    /** Sum of the positive balances at the month end. */
    outstanding: Points;
    /** Members with a positive balance at the month end. */
    members: number;
    /** `outstanding` at the best tier's rate, in cents; null when the shop has no tiers (no program). */
    valueCents: Cents | null;
    /** Sum of the negative balances: points members owe, a receivable, not a liability (≤ 0). */
    negative: Points;
  };
  codes: {
    /** Issued, not used, not expired, not voided at the month end. */
    unusedCount: number;
    unusedCents: Cents;
    byExpiry: ExpiryGroup[];
    /** Codes that expired unused during the month (breakage). */
    expiredCount: number;
    expiredCents: Cents;
    usedCount: number;
    usedCents: Cents;
    /** Value expired unused over value expired unused or used, up to the month end; null without history. */
    breakageRateBp: number | null;
    /** `unusedCents` less the breakage expected at that rate. */
    netUnusedCents: Cents;
  };
  /** What the program owes at the month end: points' value plus the unused codes net of breakage. */
  totalCents: Cents | null;
}

export interface LiabilityInput {
  months: LiabilityMonths;
  timeZone: string;
  /** The program's tiers now (earlier settings are not kept); empty without a program. */
  tiers: readonly RewardTier[];
  /** One a month, oldest first: the balances at its end. */
  balances: readonly MonthBalances[];
  codeSpans: readonly CodeSpan[];
  outcomes: readonly CodeOutcome[];
}

/** Each month end's unused codes, grouped by the month they expire in, soonest first. */
function unusedAt(count: number, spans: readonly CodeSpan[], timeZone: string): ExpiryGroup[][] {
  const groups = Array.from({ length: count }, () => new Map<string, ExpiryGroup>());
  for (const span of spans) {
    const month = expiryMonth(span.expiresAt, timeZone);
    for (let j = Math.max(span.from, 1); j < Math.min(span.to, count + 1); j++) {
      const byMonth = groups[j - 1]!;
      const group = byMonth.get(month) ?? { month, count: 0, valueCents: 0 };
      group.count += span.count;
      group.valueCents += span.valueCents;
      byMonth.set(month, group);
    }
  }
  return groups.map((g) => [...g.values()].sort((a, b) => a.month.localeCompare(b.month)));
}

/** The liability report's months: the figures of each month end, oldest first. */
export function liabilityReport(input: LiabilityInput): LiabilityMonth[] {
  const { months, bounds } = input.months;
  const count = months.length;
  const tier = bestTier(input.tiers);
  if (input.balances.length !== count)
    throw new RangeError(`${input.balances.length} balances for ${count} months`);
  const unused = unusedAt(count, input.codeSpans, input.timeZone);
  const inBucket = (j: number, outcome: CodeOutcome['outcome']) =>
    input.outcomes.filter((o) => o.bucket === j && o.outcome === outcome);
  const sum = (rows: CodeOutcome[], key: 'count' | 'valueCents') => rows.reduce((n, r) => n + r[key], 0);
  const history = { expiredCents: 0, decidedCents: 0 };
  for (const o of input.outcomes) {
    if (o.bucket !== 0) continue;
    history.decidedCents += o.valueCents;
    if (o.outcome === 'expired') history.expiredCents += o.valueCents;
  }
  return months.map((month, i) => {
    const j = i + 1;
    const expired = inBucket(j, 'expired');
    const used = inBucket(j, 'used');
    history.expiredCents += sum(expired, 'valueCents');
    history.decidedCents += sum(expired, 'valueCents') + sum(used, 'valueCents');
    const b = input.balances[i]!;
    const byExpiry = unused[i]!;
    const unusedCents = byExpiry.reduce((n, g) => n + g.valueCents, 0);
    const netUnusedCents = netOfBreakage(unusedCents, history);
    const valueCents = tier ? pointsValueCents(b.positivePoints, tier) : null;
    return {
      month,
      end: bounds[j]!,
      toDate: j === count,
      points: { outstanding: b.positivePoints, members: b.members, valueCents, negative: b.negativePoints },
      codes: {
        unusedCount: byExpiry.reduce((n, g) => n + g.count, 0),
        unusedCents,
        byExpiry,
        expiredCount: sum(expired, 'count'),
        expiredCents: sum(expired, 'valueCents'),
        usedCount: sum(used, 'count'),
        usedCents: sum(used, 'valueCents'),
        breakageRateBp: breakageRateBp(history),
        netUnusedCents,
      },
      totalCents: valueCents === null ? null : valueCents + netUnusedCents,
    };
  });
}
