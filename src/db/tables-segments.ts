import type { Generated } from 'kysely';
import type { Json } from './column-types.ts';

/** Tables of marketing consent, reminders and segments (022_segments_consent_reminders.sql); merged into `Database` in schema.ts. */
export interface SegmentTables {
  marketing_consents: MarketingConsentsTable;
  marketing_consent_changes: MarketingConsentChangesTable;
  code_reminders: CodeRemindersTable;
  segments: SegmentsTable;
}

export type ConsentSource = 'api' | 'storefront' | 'admin' | 'import';

export interface MarketingConsentsTable {
  shop_id: string;
  customer_id: string;
  granted: boolean;
  source: ConsentSource;
  changed_at: Date;
}

export interface MarketingConsentChangesTable {
  shop_id: string;
  customer_id: string;
  id: Generated<number>;
  granted: boolean;
  source: ConsentSource;
  changed_at: Date;
}

export interface CodeRemindersTable {
  shop_id: string;
  code: string;
  customer_id: string;
  queued_at: Date;
}

export interface SegmentsTable {
  shop_id: string;
  id: string;
  name: string;
  filters: Json<Record<string, unknown>>;
  created_at: Date;
  updated_at: Date;
}
