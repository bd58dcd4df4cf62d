import type { Executor } from '../../db/connect.ts';
import type { Order, OrderLine } from '../../db/schema.ts';
import type { AppContext } from '../context.ts';
import { readOrder } from './lock-order.ts';
import { lineInputOf, orderLines } from './order-amounts.ts';

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
  const [order, lines, returns] = await Promise.all([
    readOrder(ctx.db, shopId, orderId),
    orderLines(ctx.db, shopId, orderId),
    orderReturnsOf(ctx.db, shopId, [orderId]),
  ]);
  return { order, lines: lines.map(orderLineView), returns: returns.map(orderReturnView) };
}

/** The returns of these orders of the shop, oldest first. */
export function orderReturnsOf(db: Executor, shopId: string, orderIds: string[]) {
  return db
    .selectFrom('order_returns')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('order_id', 'in', orderIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function orderLineView(l: OrderLine): OrderLineView {
  return {
    lineNo: l.line_no,
    ...lineInputOf(l),
    eligibleCents: l.eligible_cents,
    returnedQuantity: l.returned_quantity,
  };
}

type OrderReturnRow = Awaited<ReturnType<typeof orderReturnsOf>>[number];

export function orderReturnView(r: OrderReturnRow): OrderView['returns'][number] {
  return {
    id: r.id,
    lines: r.lines,
    pointsDeducted: r.points_deducted,
    createdAt: r.created_at,
  };
}
