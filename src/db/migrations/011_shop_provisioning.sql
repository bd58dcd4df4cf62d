-- Provisioning (`loyalty shop create`, the operator API): a shop's time zone, language and
-- currency, the defaults of its program's settings; and whether the operator has suspended it.
-- A suspended shop keeps all its data; its API keys are refused (403 shop_suspended) until resumed.
alter table shops
  add column time_zone text not null default 'Europe/Helsinki',
  add column language text not null default 'fi',
  add column currency text not null default 'EUR',
  add column status text not null default 'active',
  add column suspended_at timestamptz,
  add column suspended_reason text,
  add constraint shops_language check (language in ('fi', 'en')),
  add constraint shops_currency check (currency ~ '^[A-Z]{3}$'),
  add constraint shops_status check (
    (status = 'active' and suspended_at is null and suspended_reason is null)
    or (status = 'suspended' and suspended_at is not null)
  );
