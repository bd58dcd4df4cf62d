-- A customer's right to their data (docs/personal-data.md): everything stored about them can be
-- read as one document, and erasing them replaces their name, e-mail, phone and the free text
-- written about them by a tombstone while amounts, times and references stay.

-- Erasing voids the codes they could still spend; a voided code is never spent or restored.
alter table discount_codes drop constraint discount_codes_status_check;
alter table discount_codes add constraint discount_codes_status_check
  check (status in ('active', 'used', 'restored', 'voided'));

-- Each erasure: when and by whom (an API key's name, an admin user, the command line) and how much
-- it changed, never what was erased. One per customer: erasing again changes nothing.
create table customer_erasures (
  shop_id text not null,
  customer_id text not null,
  erased_at timestamptz not null,
  erased_by_kind text not null check (erased_by_kind in ('api_key', 'admin_user', 'command_line')),
  erased_by text not null,
  codes_voided integer not null,
  messages_cancelled integer not null,
  reasons_erased integer not null,
  primary key (shop_id, customer_id),
  foreign key (shop_id, customer_id) references customers (shop_id, id)
);

-- Once the erasure is recorded, the customer's own fields keep their tombstone whatever a store
-- sends later (PUT /v1/customers/{id} answers with the tombstone): the store's id stays usable for
-- orders, and nothing personal comes back with it.
create function customers_keep_erased() returns trigger language plpgsql as $$
begin
  if exists (select 1 from customer_erasures e where e.shop_id = old.shop_id and e.customer_id = old.id) then
    new.email := old.email;
    new.phone := old.phone;
    new.name := old.name;
    new.language := old.language;
  end if;
  return new;
end
$$;
create trigger customers_keep_erased before update of email, phone, name, language on customers
  for each row execute function customers_keep_erased();

-- The ledger stays append-only but for one change: an erased customer's entry may have its reason
-- (a merchant's words about them) replaced by the tombstone '(erased)', every other column as it
-- was. Keeping reasons in a table of their own instead would add a write to every ledger
-- statement (deliveries, the monthly run) for the sake of a rare erasure.
create or replace function ledger_entries_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and new.reason = '(erased)'
     and (new.shop_id, new.id, new.customer_id, new.kind, new.points, new.ref_type, new.ref_id,
          new.idempotency_key, new.author, new.created_at)
         is not distinct from
         (old.shop_id, old.id, old.customer_id, old.kind, old.points, old.ref_type, old.ref_id,
          old.idempotency_key, old.author, old.created_at)
     and exists (select 1 from customer_erasures e
                 where e.shop_id = old.shop_id and e.customer_id = old.customer_id) then
    return new;
  end if;
  raise exception 'ledger entries are append-only: % is not allowed', tg_op;
end
$$;

-- Reading one customer's data reads their reviews and their orders' returns without walking the
-- shop's: neither table had an index leading to them.
create index reviews_customer on reviews (shop_id, customer_id);
create index order_returns_order on order_returns (shop_id, order_id);
