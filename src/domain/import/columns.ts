/**
 * The three files a shop moving in can import, and their columns (docs/import.md describes each;
 * docs/import-samples/ has a sample of each). Column names are matched without regard to case or
 * surrounding spaces, in any order; a column the file leaves out takes its default.
 */
export const IMPORT_KINDS = ['customers', 'members', 'orders'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export function isImportKind(value: unknown): value is ImportKind {
  return typeof value === 'string' && (IMPORT_KINDS as readonly string[]).includes(value);
}

export const CUSTOMER_COLUMNS = [
  'customer_id',
  'registered_at',
  'email',
  'phone',
  'name',
  'language',
  'marketing_consent',
  'marketing_consent_at',
] as const;

export const MEMBER_COLUMNS = ['customer_id', 'joined_at', 'opening_balance'] as const;

/**
 * One row per order line. The order's own columns (ORDER_LEVEL_COLUMNS) are given on its first row;
 * its other rows, which must follow it directly, may repeat them or leave them empty.
 */
export const ORDER_COLUMNS = [
  'order_id',
  'placed_at',
  'customer_id',
  'store_version_id',
  'channel',
  'logged_in',
  'status',
  'delivered_at',
  'cancelled_at',
  'order_discount',
  'shipping',
  'payment_fee',
  'line_no',
  'product_id',
  'category',
  'quantity',
  'unit_price',
  'line_discount',
  'gift_card',
  'returned_quantity',
  'returned_at',
  'review_id',
  'review_status',
  'reviewed_at',
] as const;

/** The order's own columns: the rest describe one line. */
export const ORDER_LEVEL_COLUMNS = ORDER_COLUMNS.slice(0, 12);

export type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];
export type MemberColumn = (typeof MEMBER_COLUMNS)[number];
export type OrderColumn = (typeof ORDER_COLUMNS)[number];

export const COLUMNS: Record<ImportKind, readonly string[]> = {
  customers: CUSTOMER_COLUMNS,
  members: MEMBER_COLUMNS,
  orders: ORDER_COLUMNS,
};

/** The columns a file's header must have (a row may still leave some empty where a default applies). */
export const REQUIRED_COLUMNS: Record<ImportKind, readonly string[]> = {
  customers: ['customer_id', 'registered_at'],
  members: ['customer_id', 'joined_at'],
  orders: ['order_id', 'placed_at', 'product_id', 'quantity', 'unit_price'],
};
