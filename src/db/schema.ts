import type { Generated, Insertable, Selectable } from 'kysely';
import type { LedgerKind, LedgerRefType } from '../domain/ledger/entries.ts';
import type { ErasureActorKind } from '../domain/members/erasure.ts';
import type { Created, Json } from './column-types.ts';
import type { AdminTables } from './tables-admin.ts';
import type { ApiTables } from './tables-api.ts';
import type { CampaignTables } from './tables-campaigns.ts';
import type { MonthlyTables } from './tables-monthly.ts';
import type { SegmentTables } from './tables-segments.ts';
import type { WebhookTables } from './tables-webhooks.ts';

export type { Created, Json };

/** Row types of the tables, as both drivers return them (int8 as number, timestamptz as Date). */

export interface ShopsTable {
  id: string;
  name: string;
  created_at: Created;
  /** The shop's own per-key API budget (both set or both null: the service default). */
  api_rate_per_second: Generated<number | null>;
  api_rate_burst: Generated<number | null>;
  /** The defaults of the shop's program settings (migration 011). */
  time_zone: Generated<string>;
  language: Generated<'fi' | 'en'>;
  currency: Generated<string>;
  /** A suspended shop keeps its data; its API keys are refused until it is resumed. */
  status: Generated<'active' | 'suspended'>;
  suspended_at: Generated<Date | null>;
  suspended_reason: Generated<string | null>;
}

export interface StoreVersionsTable {
  shop_id: string;
  id: string;
  name: string;
  requires_login: Generated<boolean>;
  created_at: Created;
}

export interface ProgramsTable {
  shop_id: string;
  settings: Json<unknown>;
  status: Generated<'draft' | 'published'>;
  published_at: Date | null;
  intro_page: string | null;
  terms_page: string | null;
  created_at: Created;
  updated_at: Date;
}

export interface CustomersTable {
  shop_id: string;
  id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  language: string | null;
  registered_at: Date;
  created_at: Created;
  updated_at: Date;
}

export type JoinSource = 'registration' | 'my_account' | 'pos' | 'admin' | 'import';

export interface MembersTable {
  shop_id: string;
  customer_id: string;
  member_number: Generated<number>;
  join_source: JoinSource;
  joined_at: Date;
  left_at: Date | null;
}

export type { LedgerKind, LedgerRefType };

export interface LedgerEntriesTable {
  shop_id: string;
  id: Generated<number>;
  customer_id: string;
  kind: LedgerKind;
  points: number;
  ref_type: LedgerRefType;
  ref_id: string;
  idempotency_key: string;
  author: string | null;
  reason: string | null;
  created_at: Created;
}

export interface MemberBalancesTable {
  shop_id: string;
  customer_id: string;
  balance: number;
  updated_at: Date;
}

export type OrderStatus = 'placed' | 'delivered' | 'cancelled';
export type Channel = 'web' | 'pos';

export interface OrdersTable {
  shop_id: string;
  id: string;
  customer_id: string | null;
  store_version_id: string;
  channel: Channel;
  logged_in: boolean;
  status: OrderStatus;
  earns: boolean;
  not_earning_reason: string | null;
  product_cents: number;
  order_discount_cents: Generated<number>;
  code_discount_cents: Generated<number>;
  shipping_cents: Generated<number>;
  payment_fee_cents: Generated<number>;
  eligible_cents: number;
  kept_eligible_cents: number;
  loyalty_code: string | null;
  ratio_cents: number | null;
  points_earned: Generated<number>;
  points_deducted: Generated<number>;
  placed_at: Date;
  /** The customer was a member when the order was placed (decided then, kept). */
  placed_by_member: Generated<boolean>;
  delivered_at: Date | null;
  cancelled_at: Date | null;
  created_at: Created;
  /** The import that wrote it (016_imports.sql); null for an order a store reported. */
  import_id: Generated<string | null>;
  /** Σ kept lines' eligible cents × (multiplier − 100): what campaigns add (021_campaigns.sql). */
  kept_campaign_weight: Generated<number>;
}

export interface OrderLinesTable {
  shop_id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  category: string | null;
  quantity: number;
  unit_price_cents: number;
  line_discount_cents: Generated<number>;
  gift_card: Generated<boolean>;
  eligible_cents: number;
  returned_quantity: Generated<number>;
  /** The campaign multiplier the line was placed under, in percent (100: none); 021_campaigns.sql. */
  multiplier_pct: Generated<number>;
}

export interface OrderReturnsTable {
  shop_id: string;
  id: string;
  order_id: string;
  lines: Json<{ lineNo: number; quantity: number }[]>;
  points_deducted: Generated<number>;
  created_at: Created;
}

export type ReviewStatus = 'submitted' | 'approved' | 'rejected';

export interface ReviewsTable {
  shop_id: string;
  id: string;
  order_id: string;
  customer_id: string;
  product_id: string;
  status: ReviewStatus;
  submitted_at: Date;
  decided_at: Date | null;
}

export type StoredCodeStatus = 'active' | 'used' | 'restored' | 'voided';

export interface DiscountCodesTable {
  shop_id: string;
  code: string;
  customer_id: string;
  period: string;
  value_cents: number;
  points: number;
  issued_at: Date;
  expires_at: Date;
  status: Generated<StoredCodeStatus>;
  used_order_id: string | null;
  used_at: Date | null;
}

/** A customer's first order that was not cancelled (kept by the order statements). */
export interface CustomerFirstOrdersTable {
  shop_id: string;
  customer_id: string;
  first_placed_at: Date;
  /** That first order was placed by a member. */
  by_member: Generated<boolean>;
}

/** The dashboard's order figures per UTC quarter hour (see src/app/reports/order-figures.ts). */
export interface OrderFiguresTable {
  shop_id: string;
  quarter: Date;
  member: boolean;
  known: boolean;
  orders: number;
  cents: number;
  codes: number;
  code_cents: number;
}

/** Changes to those figures appended by the order statements, not yet folded into them. */
export type OrderFigureChangesTable = OrderFiguresTable;

/** Keys of the operator API (migration 012); they belong to no shop. */
export interface OperatorKeysTable {
  id: string;
  name: string;
  prefix: string;
  /** Hex SHA-256 of the whole key. */
  hash: string;
  /** The credential a running service writes into its embedded data folder for the command line. */
  local: Generated<boolean>;
  created_at: Created;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export type BillingState = 'trying' | 'subscribed' | 'published' | 'ended';

/** A shop's subscription and price (013_billing.sql; docs/billing.md). */
export interface BillingSubscriptionsTable {
  shop_id: string;
  state: Generated<BillingState>;
  /** The shop's own price; null: the default. */
  monthly_fee_cents: number | null;
  commission_bp: number | null;
  subscribed_at: Date | null;
  billing_started_at: Date | null;
  ended_at: Date | null;
  updated_at: Date;
}

/** A closed billing month (append-only). */
export interface BillingMonthsTable {
  shop_id: string;
  period: string;
  time_zone: string;
  monthly_fee_cents: number;
  commission_bp: number;
  total_cents: number;
  closed_at: Date;
  /** False on months closed before 014_billing_late_events.sql: they take no corrections. */
  events_recorded: Generated<boolean>;
}

/** A closed month's invoice line (append-only). */
export interface BillingInvoiceLinesTable {
  shop_id: string;
  period: string;
  line_no: number;
  kind: 'fee' | 'commission' | 'return_credit' | 'late_commission' | 'late_return_credit';
  /** The month a correction line (late_…) belongs to; null on the month's own lines. */
  for_period: string | null;
  amount_cents: number;
  basis_cents: number;
  rate_bp: number | null;
  days: number | null;
  month_days: number | null;
  created_at: Date;
}

/** What a closed month billed of each billing event (014_billing_late_events.sql; append-only). */
export interface BillingBilledEventsTable {
  shop_id: string;
  /** `delivery:<order>`, `return:<return id>` or `cancellation:<order>`. */
  event_key: string;
  /** The closed month that billed it. */
  period: string;
  /** The eligible value billed; a correction row holds the difference. */
  cents: number;
}

/** A customer's erasure (015_personal_data.sql): when and by whom, never what was erased. */
export interface CustomerErasuresTable {
  shop_id: string;
  customer_id: string;
  erased_at: Date;
  erased_by_kind: ErasureActorKind;
  erased_by: string;
  codes_voided: number;
  messages_cancelled: number;
  reasons_erased: number;
}

export type ImportJobStatus = 'running' | 'imported' | 'checked' | 'refused' | 'failed';

/** An import of a CSV file (016_imports.sql; docs/import.md). */
export interface ImportJobsTable {
  shop_id: string;
  id: string;
  kind: 'customers' | 'members' | 'orders';
  file_name: string;
  file_bytes: number;
  options: Json<{ separator: ',' | ';' | null; decimalComma: boolean }>;
  check_only: boolean;
  status: Generated<ImportJobStatus>;
  author: string;
  rows_read: Generated<number>;
  summary: Json<Record<string, number>> | null;
  problem_count: Generated<number>;
  problems: Json<unknown[]>;
  error: string | null;
  created_at: Created;
  finished_at: Date | null;
}

/** A key a shop's web shop signs shopper tokens with (migration 017); kept readable for HMAC. */
export interface StorefrontSecretsTable {
  shop_id: string;
  id: string;
  name: string;
  secret: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** A web origin allowed to call the shopper routes from a browser (migration 017). */
export interface StorefrontOriginsTable {
  shop_id: string;
  origin: string;
  created_at: Date;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Date;
}

export interface Database
  extends ApiTables,
    MonthlyTables,
    AdminTables,
    SegmentTables,
    WebhookTables,
    CampaignTables {
  shops: ShopsTable;
  store_versions: StoreVersionsTable;
  programs: ProgramsTable;
  customers: CustomersTable;
  members: MembersTable;
  ledger_entries: LedgerEntriesTable;
  member_balances: MemberBalancesTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  order_returns: OrderReturnsTable;
  reviews: ReviewsTable;
  discount_codes: DiscountCodesTable;
  customer_first_orders: CustomerFirstOrdersTable;
  order_figures: OrderFiguresTable;
  order_figure_changes: OrderFigureChangesTable;
  billing_subscriptions: BillingSubscriptionsTable;
  billing_months: BillingMonthsTable;
  billing_invoice_lines: BillingInvoiceLinesTable;
  billing_billed_events: BillingBilledEventsTable;
  customer_erasures: CustomerErasuresTable;
  schema_migrations: SchemaMigrationsTable;
  operator_keys: OperatorKeysTable;
  import_jobs: ImportJobsTable;
  storefront_secrets: StorefrontSecretsTable;
  storefront_origins: StorefrontOriginsTable;
}

export type Order = Selectable<OrdersTable>;
export type OrderLine = Selectable<OrderLinesTable>;
export type NewLedgerEntry = Insertable<LedgerEntriesTable>;
export type LedgerEntry = Selectable<LedgerEntriesTable>;
export type DiscountCode = Selectable<DiscountCodesTable>;
