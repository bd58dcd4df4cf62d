-- Whether the customer was a member when the order was placed, decided then and kept: leaving and
-- joining again later does not turn old member orders into others' (or the reverse).
alter table orders add column placed_by_member boolean not null default false;
update orders o set placed_by_member = true
from members m
where m.shop_id = o.shop_id and m.customer_id = o.customer_id
  and m.joined_at <= o.placed_at and (m.left_at is null or m.left_at > o.placed_at);

alter table customer_first_orders add column by_member boolean not null default false;
update customer_first_orders f set by_member = o.placed_by_member
from orders o
where o.shop_id = f.shop_id and o.customer_id = f.customer_id and o.placed_at = f.first_placed_at
  and o.status <> 'cancelled';

-- The dashboard's order figures per UTC quarter hour (every time zone's midnight falls on one),
-- by membership at placement and whether the customer is known; cancelled orders taken out.
-- Statements that place or cancel orders append their change to order_figure_changes (no row
-- is updated, so concurrent orders never wait on each other); readers fold the changes into
-- order_figures (see src/app/reports/order-figures.ts) and read both.
create table order_figures (
  shop_id text not null,
  quarter timestamptz not null,
  member boolean not null,
  known boolean not null,
  orders bigint not null,
  cents bigint not null,
  codes bigint not null,
  code_cents bigint not null,
  primary key (shop_id, quarter, member, known)
);
-- The same columns, but no key and no index: appending must cost as little as possible, and the
-- table only ever holds the minute or so of changes since the last fold.
create table order_figure_changes (like order_figures);

insert into order_figures (shop_id, quarter, member, known, orders, cents, codes, code_cents)
select shop_id, date_bin('15 minutes', placed_at, timestamptz '2000-01-01 00:00:00+00'), placed_by_member,
       customer_id is not null, count(*), sum(eligible_cents),
       count(*) filter (where loyalty_code is not null),
       coalesce(sum(code_discount_cents) filter (where loyalty_code is not null), 0)
from orders where status <> 'cancelled'
group by 1, 2, 3, 4;
