/** What an entry is for. A cancellation's take-back is a `return` (see the glossary). */
export type LedgerKind = 'purchase' | 'return' | 'join' | 'review' | 'campaign' | 'adjustment' | 'conversion';
/** What an entry's `refId` names. */
export type LedgerRefType = 'order' | 'return' | 'review' | 'month' | 'adjustment' | 'member' | 'campaign';

/**
 * One entry for the ledger, as the rules decide it. Each kind of entry is made by its own
 * function below, so its idempotency key (what makes the same event count once) is written once.
 */
export interface LedgerEntry {
  shopId: string;
  customerId: string;
  kind: LedgerKind;
  points: number;
  refType: LedgerRefType;
  refId: string;
  idempotencyKey: string;
  author: string | null;
  reason: string | null;
  at: Date;
}

interface EntryBase {
  shopId: string;
  customerId: string;
  points: number;
  at: Date;
}

/** An entry whose member a statement finds (the order's customer, read where it is written). */
export type EntryForRow = Omit<LedgerEntry, 'customerId'>;

const entryForRow = (
  base: Omit<EntryBase, 'customerId'>,
  kind: LedgerKind,
  refType: LedgerRefType,
  refId: string,
  idempotencyKey: string,
): EntryForRow => ({
  shopId: base.shopId,
  kind,
  points: base.points,
  refType,
  refId,
  idempotencyKey,
  author: null,
  reason: null,
  at: base.at,
});

const entry = (
  base: EntryBase,
  kind: LedgerKind,
  refType: LedgerRefType,
  refId: string,
  idempotencyKey: string,
): LedgerEntry => ({
  ...entryForRow(base, kind, refType, refId, idempotencyKey),
  customerId: base.customerId,
});

/** The key of an order's purchase entry: one per order, so a second delivery credits nothing. */
export const purchaseKey = (orderId: string) => `purchase:${orderId}`;

/**
 * An order's purchase points, credited on delivery (or at once for a sale at the till), to the
 * order's customer.
 */
export const purchaseEntry = (base: Omit<EntryBase, 'customerId'> & { orderId: string }) =>
  entryForRow(base, 'purchase', 'order', base.orderId, purchaseKey(base.orderId));

/** Points taken back for returned units; once per return. */
export const returnEntry = (base: EntryBase & { returnId: string }) =>
  entry(base, 'return', 'return', base.returnId, `return:${base.returnId}`);

/**
 * What a cancelled order still counted, taken back; once per order. Its kind is `return` (the
 * ledger's kinds are part of the API: see the glossary in docs/architecture.md).
 */
export const cancellationEntry = (base: EntryBase & { orderId: string }) =>
  entry(base, 'return', 'order', base.orderId, `cancel:${base.orderId}`);

/** The key of an order's review points: the first approved review of an order pays, once. */
export const reviewKey = (orderId: string) => `review:${orderId}`;

export const reviewEntry = (base: EntryBase & { orderId: string; reviewId: string }) =>
  entry(base, 'review', 'review', base.reviewId, reviewKey(base.orderId));

/** The key of a customer's join points: paid once per customer, ever. */
export const joinKey = (customerId: string) => `join:${customerId}`;

export const joinEntry = (base: EntryBase) =>
  entry(base, 'join', 'member', base.customerId, joinKey(base.customerId));

/** The key of a merchant's adjustment: the client's idempotency key, or a fresh one per call. */
export const adjustmentKey = (requestKey: string) => `adjust:${requestKey}`;

export const adjustmentEntry = (
  base: EntryBase & { requestKey: string; author: string; reason: string },
) => ({
  ...entry(base, 'adjustment', 'adjustment', base.requestKey, adjustmentKey(base.requestKey)),
  author: base.author,
  reason: base.reason,
});

/** The key of a member's monthly conversion: one per member and month. */
export const conversionKey = (month: string, customerId: string) => `conversion:${month}:${customerId}`;

/**
 * The points a member's monthly code cost, taken off. The monthly run writes these set-based
 * (`conversionEntriesFrom` in src/app/ledger/ledger-writer.ts; a test checks the two agree).
 */
export const conversionEntry = (base: EntryBase & { month: string }) =>
  entry(base, 'conversion', 'month', base.month, conversionKey(base.month, base.customerId));

/** The key of a member's points from a bonus grant: once per grant and member. */
export const grantKey = (grantId: string, customerId: string) => `grant:${grantId}:${customerId}`;

/** Bonus points of a campaign grant (src/app/campaigns/grant-bonus-points.ts), with its reason and author. */
export const grantEntry = (base: EntryBase & { grantId: string; author: string; reason: string }) => ({
  ...entry(base, 'campaign', 'campaign', base.grantId, grantKey(base.grantId, base.customerId)),
  author: base.author,
  reason: base.reason,
});
