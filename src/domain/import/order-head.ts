import { MAX_STORE_ID_LENGTH } from '../limits.ts';
import type { OrderColumn } from './columns.ts';
import type { Header } from './header.ts';
import type { ImportedOrder } from './imported-order.ts';
import { cellText, type RowValues } from './values.ts';

/** The order's own columns, read from its first row. */
export type OrderHead = Omit<
  ImportedOrder,
  'productCents' | 'eligibleCents' | 'keptEligibleCents' | 'lines' | 'returns' | 'reviews'
>;

/** The shop's store versions, which orders must name, and the one to take when an order names none. */
export interface ShopVersions {
  ids: ReadonlySet<string>;
  /** The shop's only store version, else null: each order must then name its own. */
  only: string | null;
}

/**
 * Reads an order's own columns from its first row: the times, who ordered where, the status (by
 * default from the times given: cancelled, delivered, else placed; a sale at the till is
 * delivered when placed) and the order's amounts. Null when any is wrong (each reported).
 */
export function readOrderHead(
  v: RowValues,
  header: Header<OrderColumn>,
  fields: string[],
  versions: ShopVersions,
): OrderHead | null {
  const at = header.index;
  const before = v.problems.count;
  const id = cellText(fields, at.order_id);
  const placedAt = v.requiredMoment('placed_at', cellText(fields, at.placed_at));
  const customerId = v.text('customer_id', cellText(fields, at.customer_id), MAX_STORE_ID_LENGTH);
  const storeVersionId = storeVersion(v, cellText(fields, at.store_version_id), versions);
  const channel = v.oneOf('channel', cellText(fields, at.channel), ['web', 'pos'] as const) ?? 'web';
  const loggedInText = cellText(fields, at.logged_in);
  const loggedIn = v.boolean('logged_in', loggedInText) ?? (customerId ?? null) !== null;
  if (loggedIn && !customerId && customerId !== undefined)
    v.fail('logged_in', loggedInText, 'guest_logged_in');
  const given = v.oneOf('status', cellText(fields, at.status), ['placed', 'delivered', 'cancelled'] as const);
  let deliveredAt = v.moment('delivered_at', cellText(fields, at.delivered_at));
  const cancelledAt = v.moment('cancelled_at', cellText(fields, at.cancelled_at));
  const orderDiscountCents = v.cents('order_discount', cellText(fields, at.order_discount)) ?? 0;
  const shippingCents = v.cents('shipping', cellText(fields, at.shipping)) ?? 0;
  const paymentFeeCents = v.cents('payment_fee', cellText(fields, at.payment_fee)) ?? 0;
  if (v.problems.count > before) return null;

  const status =
    given ?? (cancelledAt ? 'cancelled' : deliveredAt || channel === 'pos' ? 'delivered' : 'placed');
  if (status === 'delivered' && deliveredAt === null && channel === 'pos') deliveredAt = placedAt!;
  const head: OrderHead = {
    id,
    customerId: customerId ?? null,
    storeVersionId: storeVersionId!,
    channel,
    loggedIn,
    status,
    placedAt: placedAt!,
    deliveredAt: deliveredAt ?? null,
    cancelledAt: cancelledAt ?? null,
    orderDiscountCents,
    shippingCents,
    paymentFeeCents,
    line: v.line,
  };
  checkStatusTimes(v, head, fields, header);
  return v.problems.count > before ? null : head;
}

function storeVersion(v: RowValues, value: string, versions: ShopVersions): string | null | undefined {
  if (versions.ids.size === 0) return v.fail('store_version_id', value, 'no_store_versions');
  if (value === '') return versions.only ?? v.fail('store_version_id', '', 'store_version_required');
  if (versions.ids.has(value)) return value;
  return v.fail('store_version_id', value, 'unknown_store_version', { known: [...versions.ids].join(', ') });
}

/** A delivered order has its delivery time, a cancelled one its cancellation; no time comes before the order. */
function checkStatusTimes(v: RowValues, head: OrderHead, fields: string[], header: Header<OrderColumn>) {
  const text = (column: 'delivered_at' | 'cancelled_at') => cellText(fields, header.index[column]);
  const { status, deliveredAt, cancelledAt, placedAt } = head;
  if (status === 'delivered' && deliveredAt === null)
    v.fail('delivered_at', '', 'status_needs_time', { status });
  if (status === 'cancelled' && cancelledAt === null)
    v.fail('cancelled_at', '', 'status_needs_time', { status });
  if (status === 'placed' && deliveredAt !== null)
    v.fail('delivered_at', text('delivered_at'), 'time_needs_status', { status: 'delivered' });
  if (status !== 'cancelled' && cancelledAt !== null)
    v.fail('cancelled_at', text('cancelled_at'), 'time_needs_status', { status: 'cancelled' });
  if (deliveredAt !== null && deliveredAt < placedAt)
    v.fail('delivered_at', text('delivered_at'), 'time_before', { other: 'placed_at' });
  if (cancelledAt !== null && cancelledAt < placedAt)
    v.fail('cancelled_at', text('cancelled_at'), 'time_before', { other: 'placed_at' });
}
