import type { ColumnType, Generated } from 'kysely';
import type { Created } from './column-types.ts';

/** Tables added by the webhooks migration (020_webhooks.sql); merged into `Database` in schema.ts. */
export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_code_expiry: WebhookCodeExpiryTable;
}

export type WebhookDeliveryStatus = 'pending' | 'sending' | 'succeeded' | 'failed';

export interface WebhookEndpointsTable {
  shop_id: string;
  id: string;
  url: string;
  description: Generated<string>;
  event_types: string[];
  enabled: Generated<boolean>;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
  failing_since: Date | null;
  disabled_at: Date | null;
  disabled_reason: 'failing' | 'merchant' | null;
  created_at: Created;
  updated_at: Date;
}

export interface WebhookDeliveriesTable {
  shop_id: string;
  seq: ColumnType<number, never, never>;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  customer_id: string | null;
  payload: ColumnType<unknown, string, string>;
  created_at: Date;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  lease_until: Date | null;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  replay_of: number | null;
}

export interface WebhookCodeExpiryTable {
  shop_id: string;
  swept_through: Date;
}
