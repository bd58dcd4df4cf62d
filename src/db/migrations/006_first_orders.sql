-- Each customer's first order that was not cancelled: the dashboard's repeat-purchase rate asks,
-- for every customer ordering in a range, whether they had ordered before it. Kept here by the
-- statements that place and cancel orders, that question is one index range instead of a lookup
-- per customer in the orders (a second for a month of a 100,000-customer shop).
create table customer_first_orders (
  shop_id text not null,
  customer_id text not null,
  first_placed_at timestamptz not null,
  primary key (shop_id, customer_id)
);
create index customer_first_orders_placed on customer_first_orders (shop_id, first_placed_at);

insert into customer_first_orders (shop_id, customer_id, first_placed_at)
select shop_id, customer_id, min(placed_at) from orders
where status <> 'cancelled' and customer_id is not null
group by shop_id, customer_id;
