import type { Created } from './column-types.ts';

/** Tables added by the api migrations; merged into `Database` in schema.ts. */
export interface ApiTables {
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  code_redemptions: CodeRedemptionsTable;
}

export interface ApiKeysTable {
  shop_id: string;
  id: string;
  name: string;
  prefix: string;
  /** Hex SHA-256 of the whole key. */
  hash: string;
  read_only: boolean;
  created_at: Created;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface IdempotencyKeysTable {
  shop_id: string;
  key: string;
  fingerprint: string;
  method: string;
  path: string;
  /** Null while the first request with this key is still running. */
  status: number | null;
  content_type: string | null;
  response_body: string | null;
  created_at: Date;
  completed_at: Date | null;
}

export interface CodeRedemptionsTable {
  shop_id: string;
  code: string;
  order_id: string;
  customer_id: string;
  discount_cents: number;
  redeemed_at: Date;
}
