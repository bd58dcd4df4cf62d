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
  simulateWithCampaign,
} from '../../domain/simulation/simulate.ts';
import { type AppContext, contextPart } from '../context.ts';
import { storeVersionRefs } from '../program/load-program.ts';
import { chosenCampaigns, loadCampaignExtras, plannedCampaigns } from './campaign-extras.ts';
import { type HistoryCache, historyCache, type LoadedHistory } from './history-cache.ts';
import { loadHistory } from './load-history.ts';

export interface EstimateInput {
  shopId: string;
  /** Local days in `timeZone`; the previous calendar month when left out. */
  range?: DateRange | undefined;
  timeZone: string;
  rules: SimulationRules;
  /** The program's limit on the codes' cost in basis points of members' sales; the default when left out. */
  codeCostLimitBp?: number | undefined;
  /** Include planned campaigns: `planned` for all that have not ended, or one campaign's id. */
  campaign?: string | undefined;
}

/** The estimate again with the chosen planned campaigns laid onto the history (docs/campaigns.md). */
export interface CampaignEstimate {
  choice: string;
  names: string[];
  estimate: Omit<Estimate, 'versionIds' | 'allVersionsAssumed'>;
  cost: CodeCost;
  /** Orders of the history the campaigns add points to. */
  orders: number;
  extraPoints: number;
  extraCodeValueCents: number;
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
  /** With `campaign` in the input: the same estimate with the campaigns; `estimate` is without. */
  campaign?: CampaignEstimate;
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
  const loaded = await cache.get(key, now, async () => {
    const calendar = rangeCalendar(range, range.days);
    const { history, customers } = await loadHistory(ctx.db, {
      shopId: input.shopId,
      timeZone: input.timeZone,
      calendar,
      start: range.start,
      end: range.end,
      versionIds: allIds,
    });
    return { history, calendar, customers, campaignExtras: new Map() };
  });
  const { history, calendar, cached } = loaded;
  const { versionIds, allVersionsAssumed } = estimateVersions(input.rules.storeVersionIds, versions);
  const result = simulate(history, calendar, input.rules, versionIds);
  const limitBp = codeCostLimitOf({ codeCostLimitBp: input.codeCostLimitBp });
  const campaign = input.campaign
    ? await withCampaigns(ctx, { ...input, campaign: input.campaign }, range, loaded, { versionIds, result })
    : undefined;
  return {
    range: { from: range.from, to: range.to },
    calendar: { granularity: calendar.granularity, buckets: calendar.buckets, months: calendar.months },
    estimate: { versionIds, allVersionsAssumed, ...result },
    cost: codeCost(result.codes.totalValueCents, result.memberSalesCents, limitBp),
    cached,
    historyBytes: historyBytes(history),
    ...(campaign ? { campaign } : {}),
  };
}

/**
 * The estimate with the chosen campaigns: what they add to the history's orders is read once per
 * history and set of campaigns (their ids and last changes), so a settings change only re-runs rules.
 */
async function withCampaigns(
  ctx: EstimateContext,
  input: EstimateInput & { campaign: string },
  range: { start: Date; end: Date },
  loaded: LoadedHistory,
  without: { versionIds: string[]; result: CampaignEstimate['estimate'] },
): Promise<CampaignEstimate | undefined> {
  const campaigns = chosenCampaigns(await plannedCampaigns(ctx, input.shopId), input.campaign);
  // An unknown campaign, or one that has ended since the page was shown: the estimate without.
  if (campaigns.length === 0) return undefined;
  const key = campaigns.map((c) => `${c.id}@${c.updatedAt.getTime()}`).join(',');
  let extras = loaded.campaignExtras.get(key);
  if (!extras) {
    extras = loadCampaignExtras(ctx.db, {
      ...loaded,
      ...range,
      shopId: input.shopId,
      timeZone: input.timeZone,
      campaigns,
    });
    // A handful of choices per history at most; forgetting them all beyond that keeps it bounded.
    if (loaded.campaignExtras.size >= 8) loaded.campaignExtras.clear();
    loaded.campaignExtras.set(key, extras);
    extras.catch(() => loaded.campaignExtras.delete(key));
  }
  const found = await extras;
  const { history, calendar } = loaded;
  const estimate = simulateWithCampaign(
    history,
    calendar,
    input.rules,
    without.versionIds,
    found,
    without.result,
  );
  const limitBp = codeCostLimitOf({ codeCostLimitBp: input.codeCostLimitBp });
  return {
    choice: input.campaign,
    names: campaigns.map((c) => c.name),
    estimate,
    cost: codeCost(estimate.codes.totalValueCents, estimate.memberSalesCents, limitBp),
    orders: found.row.length,
    extraPoints: estimate.totals.all - without.result.totals.all,
    extraCodeValueCents: estimate.codes.totalValueCents - without.result.codes.totalValueCents,
  };
}
