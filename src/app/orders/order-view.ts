import type { Order } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { lineInputOf } from './order-amounts.ts';

/** The order row, as the HTTP adapter shapes it into JSON. */
export type { Order };

export interface OrderLineView {
  lineNo: number;
  productId: string;
  category: string | null;
  quantity: number;
  unitPriceCents: number;
  lineDiscountCents: number;
  giftCard: boolean;
  eligibleCents: number;
  returnedQuantity: number;
}

export interface OrderView {
  order: Order;
  lines: OrderLineView[];
  returns: {
    id: string;
    lines: { lineNo: number; quantity: number }[];
    pointsDeducted: number;
    createdAt: Date;
  }[];
}

/** An order as recorded, with its lines and returns; another shop's order is not found. */
export async function getOrder(ctx: AppContext, shopId: string, orderId: string): Promise<OrderView> {
  const order = await ctx.db
    .selectFrom('orders')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order) throw new DomainError('order_not_found', `Order "${orderId}" does not exist in this shop`);
  const [lines, returns] = await Promise.all([
    ctx.db
      .selectFrom('order_lines')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('order_id', '=', orderId)
      .orderBy('line_no')
      .execute(),
    ctx.db
      .selectFrom('order_returns')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('order_id', '=', orderId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  return {
    order,
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      ...lineInputOf(l),
      eligibleCents: l.eligible_cents,
      returnedQuantity: l.returned_quantity,
    })),
    returns: returns.map((r) => ({
      id: r.id,
      lines: r.lines,
      pointsDeducted: r.points_deducted,
      createdAt: r.created_at,
    })),
  };
}
