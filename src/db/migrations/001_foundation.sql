-- Foundation: shops, store versions, the program, customers and members, orders, reviews,
-- the append-only points ledger with its running balance, and discount codes.
-- Every table is keyed by shop_id first so that the schema can later be distributed by shop.
-- Only PostgreSQL 15 features are used (the embedded engine is newer).

create table shops (
  id text primary key,
  name text not null,
  created_at timestamptz not null
);

create table store_versions (
  shop_id text not null references shops (id),
  id text not null,
  name text not null,
  requires_login boolean not null default false,
  created_at timestamptz not null,
  primary key (shop_id, id)
);

-- One program per shop; it can be hidden from versions but never deleted.
create table programs (
  shop_id text primary key references shops (id),
  settings jsonb not null,
  status text not null default 'draft' check (status in ('draft', 'published')),
  published_at timestamptz,
  intro_page text,
  terms_page text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table customers (
  shop_id text not null references shops (id),
  id text not null,
  email text,
  phone text,
  name text,
  language text,
  registered_at timestamptz not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (shop_id, id)
);
create index customers_email on customers (shop_id, lower(email));
create index customers_phone on customers (shop_id, phone);

create table members (
  shop_id text not null,
  customer_id text not null,
  member_number bigint generated always as identity,
  join_source text not null check (join_source in ('registration', 'my_account', 'pos', 'admin', 'import')),
  joined_at timestamptz not null,
  left_at timestamptz,
  primary key (shop_id, customer_id),
  unique (shop_id, member_number),
  foreign key (shop_id, customer_id) references customers (shop_id, id)
);

-- The ledger: never updated or deleted (a trigger refuses it); a mistake is undone by a new entry.
create table ledger_entries (
  shop_id text not null,
  id bigint generated always as identity,
  customer_id text not null,
  kind text not null check (kind in ('purchase', 'return', 'join', 'review', 'campaign', 'adjustment', 'conversion')),
  points bigint not null,
  ref_type text not null check (ref_type in ('order', 'return', 'review', 'month', 'adjustment', 'member', 'campaign')),
  ref_id text not null,
  -- What caused the entry, unique per shop: a retried event can never be credited twice.
  idempotency_key text not null,
  author text,
  reason text,
  created_at timestamptz not null,
  primary key (shop_id, id),
  unique (shop_id, idempotency_key),
  check (kind <> 'adjustment' or (author is not null and length(trim(reason)) > 0)),
  foreign key (shop_id, customer_id) references customers (shop_id, id)
);
create index ledger_entries_member on ledger_entries (shop_id, customer_id, id desc);

create function ledger_entries_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'ledger entries are append-only: % is not allowed', tg_op;
end
$$;
create trigger ledger_entries_append_only before update or delete on ledger_entries
  for each row execute function ledger_entries_append_only();

-- Running balance, written in the same transaction as every ledger entry; it always equals
-- the sum of the member's entries (tests check it).
create table member_balances (
  shop_id text not null,
  customer_id text not null,
  balance bigint not null default 0,
  updated_at timestamptz not null,
  primary key (shop_id, customer_id),
  foreign key (shop_id, customer_id) references customers (shop_id, id)
);

create table orders (
  shop_id text not null,
  id text not null,
  customer_id text,
  store_version_id text not null,
  channel text not null check (channel in ('web', 'pos')),
  logged_in boolean not null,
  status text not null check (status in ('placed', 'delivered', 'cancelled')),
  -- Decided when the order is placed: member, logged in, program published, version selected.
  earns boolean not null,
  not_earning_reason text,
  -- Amounts in cents as reported, and the eligible part (products after discounts, no gift cards).
  product_cents bigint not null,
  order_discount_cents bigint not null default 0,
  code_discount_cents bigint not null default 0,
  shipping_cents bigint not null default 0,
  payment_fee_cents bigint not null default 0,
  eligible_cents bigint not null,
  -- Eligible amount of what the customer keeps after returns.
  kept_eligible_cents bigint not null,
  loyalty_code text,
  -- The ratio in force when the order was delivered, so returns recompute with the same ratio.
  ratio_cents integer,
  points_earned bigint not null default 0,
  points_deducted bigint not null default 0,
  placed_at timestamptz not null,
  delivered_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null,
  primary key (shop_id, id),
  foreign key (shop_id, store_version_id) references store_versions (shop_id, id)
);
create index orders_placed on orders (shop_id, placed_at);
create index orders_customer on orders (shop_id, customer_id, placed_at);

create table order_lines (
  shop_id text not null,
  order_id text not null,
  line_no integer not null,
  product_id text not null,
  category text,
  quantity integer not null check (quantity > 0),
  unit_price_cents bigint not null check (unit_price_cents >= 0),
  line_discount_cents bigint not null default 0 check (line_discount_cents >= 0),
  gift_card boolean not null default false,
  eligible_cents bigint not null,
  returned_quantity integer not null default 0,
  primary key (shop_id, order_id, line_no),
  foreign key (shop_id, order_id) references orders (shop_id, id),
  check (returned_quantity between 0 and quantity)
);

create table order_returns (
  shop_id text not null,
  id text not null,
  order_id text not null,
  lines jsonb not null,
  points_deducted bigint not null default 0,
  created_at timestamptz not null,
  primary key (shop_id, id),
  foreign key (shop_id, order_id) references orders (shop_id, id)
);

create table reviews (
  shop_id text not null,
  id text not null,
  order_id text not null,
  customer_id text not null,
  product_id text not null,
  status text not null check (status in ('submitted', 'approved', 'rejected')),
  submitted_at timestamptz not null,
  decided_at timestamptz,
  primary key (shop_id, id),
  foreign key (shop_id, order_id) references orders (shop_id, id)
);
create index reviews_order on reviews (shop_id, order_id);

create table discount_codes (
  shop_id text not null,
  code text not null,
  customer_id text not null,
  -- The month whose conversion issued it ('YYYY-MM'); one code per member and month.
  period text not null,
  value_cents bigint not null check (value_cents > 0),
  points bigint not null check (points > 0),
  issued_at timestamptz not null,
  -- First instant the code is no longer valid; its last valid moment is one second earlier.
  expires_at timestamptz not null,
  status text not null default 'active' check (status in ('active', 'used', 'restored')),
  used_order_id text,
  used_at timestamptz,
  primary key (shop_id, code),
  unique (shop_id, customer_id, period),
  foreign key (shop_id, customer_id) references customers (shop_id, id)
);
create index discount_codes_customer on discount_codes (shop_id, customer_id, issued_at desc);
create index discount_codes_period on discount_codes (shop_id, period);
