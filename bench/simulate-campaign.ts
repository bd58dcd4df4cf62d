// The estimate with a planned campaign: ×2 on one category over four days (Friday to Monday), laid
// by the estimate onto the same weekdays 52 weeks earlier in the history. The bench shop's orders
// have no lines, so the orders placed in those days get one line each for the run (half of them in
// the campaign's category), removed afterwards with the campaign.
import { sql } from 'kysely';
import { createCampaign, deleteCampaign } from '../src/app/campaigns/campaigns.ts';
import type { AppContext } from '../src/app/context.ts';
import { estimateProgram } from '../src/app/simulation/estimate.ts';
import type { HistoryCache } from '../src/app/simulation/history-cache.ts';
import type { DateRange } from '../src/domain/simulation/date-range.ts';
import type { SimulationRules } from '../src/domain/simulation/simulate.ts';
import { median } from './support.ts';

const PRODUCT = 'bench-campaign-line';
const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function benchCampaignEstimate(
  ctx: AppContext,
  cache: HistoryCache,
  shopId: string,
  range: DateRange,
  variants: SimulationRules[],
): Promise<void> {
  // 2026-05-29 (a Friday) to 2026-06-02, Helsinki; 52 weeks earlier: 2025-05-30 to 2025-06-03.
  const lines = await sql`insert into order_lines (shop_id, order_id, line_no, product_id, category,
      quantity, unit_price_cents, eligible_cents)
    select o.shop_id, o.id, 1000, ${PRODUCT}, case when o.id like '%0' or o.id like '%2' or o.id like '%4'
        or o.id like '%6' or o.id like '%8' then 'shoes' else 'hats' end, 1, o.product_cents, o.eligible_cents
    from orders o where o.shop_id = ${shopId}
      and o.placed_at >= timestamptz '2025-05-29T21:00:00Z' and o.placed_at < timestamptz '2025-06-02T21:00:00Z'
    on conflict do nothing`.execute(ctx.db);
  const campaign = await createCampaign(ctx, shopId, {
    name: 'Bench shoes ×2',
    multiplierPct: 200,
    startsAt: '2026-05-29T00:00',
    endsAt: '2026-06-02T00:00',
    categories: ['shoes'],
  });
  try {
    const input = (rules: SimulationRules) => ({
      shopId,
      range,
      timeZone: 'Europe/Helsinki',
      rules,
      campaign: campaign.id,
    });
    let t = performance.now();
    const first = await estimateProgram(ctx, input(variants[0]!), cache);
    const firstMs = performance.now() - t;
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const rules of variants) {
        t = performance.now();
        await estimateProgram(ctx, input(rules), cache);
        times.push(performance.now() - t);
      }
    }
    const c = first.campaign!;
    console.log(
      `  with a planned campaign (×2 on a category, 4 days; ${Number(lines.numAffectedRows ?? 0).toLocaleString('en-US')} orders given a line): ${c.orders.toLocaleString('en-US')} orders covered, +${c.extraPoints.toLocaleString('en-US')} points, +${(c.extraCodeValueCents / 100).toLocaleString('en-US')} € of codes`,
    );
    console.log(
      `    first estimate with it (history kept, the campaign's orders read): ${ms(firstMs)}; re-estimates with it (${times.length} runs): median ${ms(median(times))}, max ${ms(Math.max(...times))}   target ≤ 50 ms`,
    );
  } finally {
    await deleteCampaign(ctx, shopId, campaign.id);
    await sql`delete from order_lines where shop_id = ${shopId} and product_id = ${PRODUCT}`.execute(ctx.db);
  }
}
