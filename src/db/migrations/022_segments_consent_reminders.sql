-- Marketing consent, point reminders and member segments (docs/segments.md).

-- A customer's consent to marketing (offers and reminders), as it stands now: one row per customer,
-- the latest change wins. No row: never asked, which counts as no consent.
create table marketing_consents (
  shop_id text not null,
  customer_id text not null,
  granted boolean not null,
  source text not null check (source in ('api', 'storefront', 'admin', 'import')),
  changed_at timestamptz not null,
  primary key (shop_id, customer_id),
  foreign key (shop_id, customer_id) references customers (shop_id, id)
);
-- A segment asking for consent reads the consenting customers of the shop.
create index marketing_consents_granted on marketing_consents (shop_id, customer_id) where granted;

-- Every change of a customer's consent, for the record (shown in the customer's data export and
-- removed by erasure).
create table marketing_consent_changes (
  shop_id text not null,
  customer_id text not null,
  id bigint generated always as identity,
  granted boolean not null,
  source text not null check (source in ('api', 'storefront', 'admin', 'import')),
  changed_at timestamptz not null,
  primary key (shop_id, customer_id, id),
  foreign key (shop_id, customer_id) references customers (shop_id, id)
);

-- One reminder per code, ever: the row is written in the same statement as the e-mail it queues.
create table code_reminders (
  shop_id text not null,
  code text not null,
  customer_id text not null,
  queued_at timestamptz not null,
  primary key (shop_id, code),
  foreign key (shop_id, code) references discount_codes (shop_id, code)
);
create index code_reminders_customer on code_reminders (shop_id, customer_id);

-- The reminder is another kind of message in the outbox (beside the kinds of 020_webhooks.sql).
alter table mail_outbox drop constraint mail_outbox_kind_check;
alter table mail_outbox add constraint mail_outbox_kind_check
  check (kind in ('monthly', 'webhook_disabled', 'reminder'));

-- The codes that can still be spent, by expiry: the reminders' daily pass and a segment's
-- "codes expiring within N days" read a range of expiry moments.
create index discount_codes_spendable_expiry on discount_codes (shop_id, expires_at)
  include (customer_id) where status in ('active', 'restored');

-- A shop's saved segments: a name and the filters, counted and exported when asked.
create table segments (
  shop_id text not null references shops (id),
  id text not null,
  name text not null check (length(trim(name)) > 0),
  filters jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (shop_id, id)
);
