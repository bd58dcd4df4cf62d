/** The key of an order's purchase entry: one per order, so a second delivery credits nothing. */
export function purchaseKey(orderId: string): string {
  return `purchase:${orderId}`;
}

/** The ledger entry of an order's purchase points. */
export function purchaseEntry(shopId: string, orderId: string, points: number, at: Date) {
  return {
    shopId,
    kind: 'purchase' as const,
    points,
    refType: 'order' as const,
    refId: orderId,
    idempotencyKey: purchaseKey(orderId),
    at,
  };
}
