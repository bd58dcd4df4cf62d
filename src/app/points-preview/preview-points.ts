import type { OrderLineInput } from '../../domain/earning/eligible-amount.ts';
import { type PointsPreview, previewPoints } from '../../domain/earning/points-preview.ts';
import { versionSelected } from '../../domain/program/program-visible.ts';
import { campaignsNow } from '../campaigns/campaigns-now.ts';
import type { AppContext } from '../context.ts';
import { loadProgram } from '../program/load-program.ts';

export type ShopPointsPreview = PointsPreview & { ratioCents: number };

/** Points a product or a cart would earn in this shop's program, as a storefront shows them. */
export async function previewShopPoints(
  ctx: AppContext,
  input: { shopId: string; storeVersionId: string; lines: OrderLineInput[]; orderDiscountCents: number },
): Promise<ShopPointsPreview> {
  const now = ctx.clock.now();
  const [program, campaigns] = await Promise.all([
    loadProgram(ctx.db, input.shopId),
    campaignsNow(ctx).of(input.shopId, now),
  ]);
  const preview = previewPoints({
    campaigns,
    storeVersionId: input.storeVersionId,
    at: now,
    ratioCents: program.settings.purchaseRatioCents,
    published: program.status === 'published',
    versionSelected: versionSelected(program.settings, input.storeVersionId),
    lines: input.lines,
    orderDiscountCents: input.orderDiscountCents,
  });
  return { ...preview, ratioCents: program.settings.purchaseRatioCents };
}
