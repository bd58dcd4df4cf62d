import { codeCostLimitOf } from '../../domain/program/settings.ts';
import { type RangeCalendar, rangeCalendar } from '../../domain/simulation/calendar.ts';
import { type CodeCost, codeCost } from '../../domain/simulation/code-cost.ts';
import { type DateRange, previousMonth, resolveRange } from '../../domain/simulation/date-range.ts';
import { historyBytes } from '../../domain/simulation/history.ts';
import {
  type Estimate,
  estimateVersions,
  type SimulationRules,
  simulate,
} from '../../domain/simulation/simulate.ts';
import { type AppContext, contextPart } from '../context.ts';
import { storeVersionRefs } from '../program/load-program.ts';
import { type HistoryCache, historyCache } from './history-cache.ts';
import { loadHistory } from './load-history.ts';

export interface EstimateInput {
  shopId: string;
  /** Local days in `timeZone`; the previous calendar month when left out. */
  range?: DateRange | undefined;
  timeZone: string;
  rules: SimulationRules;
  /** The program's limit on the codes' cost in basis points of members' sales; the default when left out. */
  codeCostLimitBp?: number | undefined;
}

export interface EstimateResult {
  range: DateRange;
  calendar: Pick<RangeCalendar, 'granularity' | 'buckets' | 'months'>;
  estimate: Estimate;
  /** The codes' value against members' sales in the range, and whether it passes the limit. */
  cost: CodeCost;
  /** Whether the history came from memory (only the rules ran). */
  cached: boolean;
  /** Memory the range's history holds. */
  historyBytes: number;
}

/** A context with the service's history cache, or a plain one (see `contextPart`). */
export type EstimateContext = AppContext & { histories?: HistoryCache };

/**
 * The estimate of point accrual beside the settings form: the shop's history over the range
 * is read once and kept in memory; each call with other settings only re-runs the rules.
 */
export async function estimateProgram(
  ctx: EstimateContext,
  input: EstimateInput,
  cache: HistoryCache = contextPart(ctx, 'histories', historyCache),
): Promise<EstimateResult> {
  const now = ctx.clock.now();
  const range = resolveRange(input.range ?? previousMonth(now, input.timeZone), input.timeZone);
  const versions = await storeVersionRefs(ctx.db, input.shopId);
  const allIds = versions.map((v) => v.id);
  if (allIds.length > 254) throw new RangeError('An estimate handles at most 254 store versions');
  const key = [input.shopId, range.from, range.to, input.timeZone, allIds.join(',')].join('\u0000');
  const { history, calendar, cached } = await cache.get(key, now, async () => {
    const calendar = rangeCalendar(range, range.days);
    const history = await loadHistory(ctx.db, {
      shopId: input.shopId,
      timeZone: input.timeZone,
      calendar,
      start: range.start,
      end: range.end,
      versionIds: allIds,
    });
    return { history, calendar };
  });
  const { versionIds, allVersionsAssumed } = estimateVersions(input.rules.storeVersionIds, versions);
  const result = simulate(history, calendar, input.rules, versionIds);
  return {
    range: { from: range.from, to: range.to },
    calendar: { granularity: calendar.granularity, buckets: calendar.buckets, months: calendar.months },
    estimate: { versionIds, allVersionsAssumed, ...result },
    cost: codeCost(
      result.codes.totalValueCents,
      result.memberSalesCents,
      codeCostLimitOf({ codeCostLimitBp: input.codeCostLimitBp }),
    ),
    cached,
    historyBytes: historyBytes(history),
  };
}
