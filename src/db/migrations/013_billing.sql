-- Subscription and billing (docs/billing.md): each shop's subscription state and price, and the
-- invoice lines of its closed months. A closed month is append-only, like the ledger: a trigger
-- refuses to update or delete its record or lines; a correction is a new line.

create table billing_subscriptions (
  shop_id text primary key references shops (id),
  -- trying (no row means the same) → subscribed → published (billing runs) → ended by the operator.
  state text not null default 'trying' check (state in ('trying', 'subscribed', 'published', 'ended')),
  -- The shop's own price; null: the service's default (docs/billing.md).
  monthly_fee_cents bigint check (monthly_fee_cents between 0 and 10000000),
  commission_bp integer check (commission_bp between 0 and 10000),
  subscribed_at timestamptz,
  -- The program's first publishing moment: billing runs from here on, hidden or not.
  billing_started_at timestamptz,
  ended_at timestamptz,
  updated_at timestamptz not null,
  check (state <> 'published' or billing_started_at is not null),
  check (state <> 'ended' or ended_at is not null)
);

-- One row per shop and closed month; its primary key is what closes a month exactly once.
create table billing_months (
  shop_id text not null references shops (id),
  period text not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- What the month was closed with.
  time_zone text not null,
  monthly_fee_cents bigint not null,
  commission_bp integer not null,
  total_cents bigint not null,
  closed_at timestamptz not null,
  primary key (shop_id, period)
);

create table billing_invoice_lines (
  shop_id text not null,
  period text not null,
  line_no integer not null,
  kind text not null check (kind in ('fee', 'commission', 'return_credit')),
  amount_cents bigint not null,
  -- fee: the whole monthly fee; commission and return credit: the eligible value the rate applies to.
  basis_cents bigint not null,
  rate_bp integer,
  -- fee: the days billed, out of the month's days in the shop's time zone.
  days integer,
  month_days integer,
  created_at timestamptz not null,
  primary key (shop_id, period, line_no),
  foreign key (shop_id, period) references billing_months (shop_id, period)
);

create function billing_closed_months_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'closed billing months are append-only: % on % is not allowed', tg_op, tg_table_name;
end
$$;
create trigger billing_months_append_only before update or delete on billing_months
  for each row execute function billing_closed_months_append_only();
create trigger billing_invoice_lines_append_only before update or delete on billing_invoice_lines
  for each row execute function billing_closed_months_append_only();
