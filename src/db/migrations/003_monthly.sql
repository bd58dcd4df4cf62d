-- Monthly conversion of points into discount codes, and the mail outbox that tells members.
-- Keyed by shop_id first, like every other table.

-- One row per shop and month: the run's record. Its primary key is what makes a month run once.
create table monthly_runs (
  shop_id text not null references shops (id),
  period text not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  status text not null default 'running' check (status in ('running', 'completed')),
  -- 00:00 on the first day of the month in the shop's time zone.
  due_at timestamptz not null,
  -- Every code of the run gets this issue moment and expiry, fixed when the run first started.
  issued_at timestamptz not null,
  expires_at timestamptz not null,
  -- Whether e-mails are queued with the codes (past months issued for a demo are not mailed).
  mail boolean not null default true,
  started_at timestamptz not null,
  finished_at timestamptz,
  -- How many times a runner started or resumed it.
  starts integer not null default 1,
  -- Totals of its slices, written when the run completes (while it runs, sum the slices).
  batches integer not null default 0,
  busy_ms bigint not null default 0,
  members_scanned bigint not null default 0,
  members_converted bigint not null default 0,
  points_deducted bigint not null default 0,
  codes_value_cents bigint not null default 0,
  mails_queued bigint not null default 0,
  primary key (shop_id, period)
);

-- A run walks the shop's members in customer id order, cut into slices that runners work on side
-- by side. A runner holds a slice's row lock for the length of one batch transaction, and the
-- batch moves the slice's cursor in that same transaction: two runners never convert the same
-- members, and a runner restarted after a crash resumes after the last committed batch.
create table monthly_run_slices (
  shop_id text not null,
  period text not null,
  slice integer not null,
  -- Customer ids in (after_id, through_id]; null means unbounded on that side.
  after_id text,
  through_id text,
  -- The last customer id of the last committed batch.
  cursor_id text,
  status text not null default 'running' check (status in ('running', 'done')),
  batches integer not null default 0,
  busy_ms bigint not null default 0,
  members_scanned bigint not null default 0,
  members_converted bigint not null default 0,
  points_deducted bigint not null default 0,
  codes_value_cents bigint not null default 0,
  mails_queued bigint not null default 0,
  updated_at timestamptz not null,
  primary key (shop_id, period, slice),
  foreign key (shop_id, period) references monthly_runs (shop_id, period)
);

-- Messages to send, written in the same transaction as what they tell about. Rows are written a
-- million at a time by the monthly run, so the table has no foreign keys (a per-row check each)
-- and as few indexes as delivery and listing need; its rows name customers, who are never deleted.
create table mail_outbox (
  shop_id text not null,
  -- What the message is about, e.g. 'monthly:2026-12:c1'; one message per key, ever. Listing a
  -- shop's mail newest month first walks this key backwards.
  message_key text not null,
  -- The stable left part of the Message-ID header: the same on every attempt.
  message_id text not null,
  kind text not null check (kind in ('monthly')),
  customer_id text,
  recipient text not null,
  -- What the message says, fixed when it was queued; rendered at delivery in the shop's language.
  payload jsonb not null,
  -- pending → sending (committed just before the point of no return) → sent | kept;
  -- pending → failed after a permanent refusal or too many attempts;
  -- sending → unknown when its sender vanished after the point of no return (never resent by itself).
  status text not null default 'pending'
    check (status in ('pending', 'sending', 'sent', 'kept', 'failed', 'unknown')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  -- A sender's claim: other senders leave the row alone until lease_until.
  lease_token text,
  lease_until timestamptz,
  handed_at timestamptz,
  sent_at timestamptz,
  -- Where a kept message was written (no SMTP server configured).
  kept_path text,
  last_error text,
  created_at timestamptz not null,
  primary key (shop_id, message_key)
);
create index mail_outbox_due on mail_outbox (next_attempt_at) where status = 'pending';
create index mail_outbox_in_flight on mail_outbox (lease_until) where status = 'sending';

-- Where a shop's e-mails come from and link to; a missing row or column falls back to a default.
create table shop_mail_settings (
  shop_id text primary key references shops (id),
  from_address text,
  reply_to text,
  my_account_url text,
  intro_page_url text,
  updated_at timestamptz not null
);
