-- The estimate beside the settings form reads the orders delivered and the reviews approved in a
-- range (by default the previous month). Without these, a month of a large shop meant reading
-- all its orders and all its reviews.
create index orders_delivered on orders (shop_id, delivered_at) where status = 'delivered';
create index reviews_approved on reviews (shop_id, decided_at) where status = 'approved';
