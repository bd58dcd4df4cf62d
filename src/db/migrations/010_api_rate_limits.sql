-- A shop's own budget for the store API, per key, set by the operator (`loyalty shop rate-limit`):
-- requests per second and the burst. Both null: the service's default (LOYALTY_API_RATE_*).
alter table shops
  add column api_rate_per_second integer,
  add column api_rate_burst integer,
  add constraint shops_api_rate_limit check (
    (api_rate_per_second is null and api_rate_burst is null)
    or (api_rate_per_second between 1 and 1000000 and api_rate_burst between 1 and 10000000)
  );
