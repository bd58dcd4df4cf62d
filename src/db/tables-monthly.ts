import type { ColumnType, Generated, Selectable } from 'kysely';

/** Tables added by the monthly migration (003_monthly.sql); merged into `Database` in schema.ts. */
export interface MonthlyTables {
  monthly_runs: MonthlyRunsTable;
  monthly_run_slices: MonthlyRunSlicesTable;
  mail_outbox: MailOutboxTable;
  shop_mail_settings: ShopMailSettingsTable;
}

export type MonthlyRunStatus = 'running' | 'completed';

/** What a monthly run counts, kept for the whole run and for each of its slices. */
interface RunCounters {
  batches: Generated<number>;
  busy_ms: Generated<number>;
  members_scanned: Generated<number>;
  members_converted: Generated<number>;
  points_deducted: Generated<number>;
  codes_value_cents: Generated<number>;
  mails_queued: Generated<number>;
}

export interface MonthlyRunsTable extends RunCounters {
  shop_id: string;
  period: string;
  status: Generated<MonthlyRunStatus>;
  due_at: Date;
  issued_at: Date;
  expires_at: Date;
  mail: Generated<boolean>;
  started_at: Date;
  finished_at: Date | null;
  starts: Generated<number>;
}

export interface MonthlyRunSlicesTable extends RunCounters {
  shop_id: string;
  period: string;
  slice: number;
  after_id: string | null;
  through_id: string | null;
  cursor_id: string | null;
  status: Generated<'running' | 'done'>;
  updated_at: Date;
}

export type MailStatus = 'pending' | 'sending' | 'sent' | 'kept' | 'failed' | 'unknown';

export interface MailOutboxTable {
  shop_id: string;
  message_key: string;
  message_id: string;
  kind: 'monthly' | 'reminder' | 'webhook_disabled';
  customer_id: string | null;
  recipient: string;
  payload: ColumnType<unknown, string, string>;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  lease_token: string | null;
  lease_until: Date | null;
  handed_at: Date | null;
  sent_at: Date | null;
  kept_path: string | null;
  last_error: string | null;
  created_at: Date;
}

export interface ShopMailSettingsTable {
  shop_id: string;
  from_address: string | null;
  reply_to: string | null;
  my_account_url: string | null;
  intro_page_url: string | null;
  updated_at: Date;
}

export type MonthlyRun = Selectable<MonthlyRunsTable>;
export type OutboxRow = Selectable<MailOutboxTable>;
