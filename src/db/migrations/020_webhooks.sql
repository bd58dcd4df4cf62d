-- Signed webhooks out (docs/webhooks.md): a shop's endpoints, and one delivery row per event and
-- endpoint, written in the same statement or transaction as the change the event tells of. The
-- delivery rows are the outbox and, once sent or given up, the endpoint's delivery log.

create table webhook_endpoints (
  shop_id text not null references shops (id),
  id text not null unique,
  url text not null,
  description text not null default '',
  -- The event types sent to this endpoint ('points.credited', ...).
  event_types text[] not null,
  enabled boolean not null default true,
  -- 'whsec_' and the base64 of the HMAC key; kept readable, as an HMAC is computed again to sign.
  secret text not null,
  -- After a rotation the old secret also signs until previous_secret_until (both signatures sent).
  previous_secret text,
  previous_secret_until timestamptz,
  -- The first failed attempt since the last success; an endpoint failing for days is disabled.
  failing_since timestamptz,
  disabled_at timestamptz,
  -- 'failing' when the service disabled it, 'merchant' when the merchant did.
  disabled_reason text check (disabled_reason in ('failing', 'merchant')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (shop_id, id)
);

-- The write paths ask "does this shop have an enabled endpoint for this type?" on every change.
create index webhook_endpoints_enabled on webhook_endpoints (shop_id) include (id, event_types) where enabled;

create table webhook_deliveries (
  shop_id text not null,
  -- The outbox's order: a member's events go to an endpoint in this order.
  seq bigint generated always as identity,
  endpoint_id text not null,
  -- 'evt_...': the same for every endpoint and every attempt (the webhook-id header).
  event_id text not null,
  event_type text not null,
  -- The member the event is about; a member's next event waits for the previous one.
  customer_id text,
  -- The body sent, exactly as stored (signed as text).
  payload jsonb not null,
  created_at timestamptz not null,
  -- pending → sending (claimed by a dispatcher until lease_until) → succeeded | pending (to retry)
  -- | failed (given up: refused for three days).
  status text not null default 'pending' check (status in ('pending', 'sending', 'succeeded', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  lease_until timestamptz,
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  -- A manual replay is a new row (after the member's other events) naming the delivery it repeats.
  replay_of bigint,
  primary key (shop_id, seq),
  foreign key (shop_id, endpoint_id) references webhook_endpoints (shop_id, id) on delete cascade
);

-- An event is queued once per endpoint (an expiry sweep that runs twice queues nothing more).
create unique index webhook_deliveries_event on webhook_deliveries (shop_id, endpoint_id, event_id)
  where replay_of is null;
-- The dispatcher's queue per endpoint, and the open deliveries a member's next one waits for.
create index webhook_deliveries_queue on webhook_deliveries (shop_id, endpoint_id, seq) where status = 'pending';
create index webhook_deliveries_open on webhook_deliveries (shop_id, endpoint_id, customer_id, seq)
  where status in ('pending', 'sending');
-- Claims whose dispatcher vanished (its lease ran out) are found here and queued again.
create index webhook_deliveries_leases on webhook_deliveries (lease_until) where status = 'sending';
-- The delivery log reads the primary key backwards (a shop has a few endpoints): one index fewer
-- to write on every event.

-- Codes expire by the clock, not by a write: a sweep queues 'code.expired' for the codes whose
-- expiry passed since the shop's last sweep.
create table webhook_code_expiry (
  shop_id text primary key references shops (id),
  swept_through timestamptz not null
);

-- The e-mail to a shop's owners when an endpoint failing for days is disabled is a kind of its own.
alter table mail_outbox drop constraint mail_outbox_kind_check;
alter table mail_outbox add constraint mail_outbox_kind_check check (kind in ('monthly', 'reminder', 'webhook_disabled'));
