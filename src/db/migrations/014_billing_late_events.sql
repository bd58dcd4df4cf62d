-- Late events (docs/billing.md, "Events reported late"): a delivery, return or cancellation whose
-- moment lies in a month that closed without it is billed once, by the first month still open, as
-- a correction line naming the month it belongs to. What each close billed is kept by event, so
-- that "not billed yet" is known whatever the clocks of the servers said.

-- The month a correction line belongs to; null on a month's own lines.
alter table billing_invoice_lines add column for_period text
  check (for_period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');
alter table billing_invoice_lines drop constraint billing_invoice_lines_kind_check;
alter table billing_invoice_lines add constraint billing_invoice_lines_kind_check check (
  kind in ('fee', 'commission', 'return_credit', 'late_commission', 'late_return_credit')
  and (kind in ('late_commission', 'late_return_credit')) = (for_period is not null)
);

-- Months closed before this migration did not record their events: an event in one of them that
-- was reported after its close cannot be told apart, so such months take no corrections.
alter table billing_months add column events_recorded boolean not null default false;
alter table billing_months alter column events_recorded set default true;

-- One month of every shop, for the operator's invoicing (`GET /v1/operator/billing/invoice-lines`).
create index billing_months_by_period on billing_months (period, shop_id);

-- Each billing event a closed month billed, with the eligible value billed for it: a delivery
-- (`delivery:<order>`), a return (`return:<return id>`) or a cancellation (`cancellation:<order>`).
-- A correction of an event billed before adds a row with the difference, in the month that bills
-- it; what an event has been billed is the sum of its rows. Append-only, like the month's lines.
create table billing_billed_events (
  shop_id text not null,
  event_key text not null,
  period text not null,
  cents bigint not null,
  primary key (shop_id, event_key, period),
  foreign key (shop_id, period) references billing_months (shop_id, period)
);
create trigger billing_billed_events_append_only before update or delete on billing_billed_events
  for each row execute function billing_closed_months_append_only();
