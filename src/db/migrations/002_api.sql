-- Store integration API: per-shop API keys, stored responses of idempotent requests, and the
-- history of discount code redemptions. Keyed by shop_id first, like every table.

-- Only a SHA-256 hash of a key is kept; the key itself is shown once, when it is created.
create table api_keys (
  shop_id text not null references shops (id),
  id text not null,
  name text not null,
  -- The first characters of the key, enough for a person to tell keys apart.
  prefix text not null,
  hash text not null unique,
  read_only boolean not null default false,
  created_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz,
  primary key (shop_id, id)
);

-- A request sent with an Idempotency-Key: while status is null the first request is still running;
-- afterwards the stored response is replayed for the same key and the same request.
create table idempotency_keys (
  shop_id text not null,
  key text not null,
  -- SHA-256 of method, path and body: the same key with another request is refused.
  fingerprint text not null,
  method text not null,
  path text not null,
  status integer,
  content_type text,
  response_body text,
  created_at timestamptz not null,
  completed_at timestamptz,
  primary key (shop_id, key)
);
-- Expired keys are deleted by age across all shops.
create index idempotency_keys_created on idempotency_keys (created_at);

-- Every time a code was spent on an order, with the discount it gave. A code restored by a
-- cancellation can be spent again on another order, so a code can have several rows.
create table code_redemptions (
  shop_id text not null,
  code text not null,
  order_id text not null,
  customer_id text not null,
  discount_cents bigint not null check (discount_cents > 0),
  redeemed_at timestamptz not null,
  primary key (shop_id, code, order_id),
  foreign key (shop_id, code) references discount_codes (shop_id, code)
);
create index code_redemptions_order on code_redemptions (shop_id, order_id);

-- The till looks members up by phone number as typed; compare digits only, through an index.
create index customers_phone_digits on customers (shop_id, regexp_replace(phone, '[^0-9]', '', 'g'));
