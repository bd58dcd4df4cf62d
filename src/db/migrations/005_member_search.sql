-- Member search matches any part of a name or e-mail (ILIKE '%…%'). Trigram indexes answer that
-- without reading every customer of the shop. pg_trgm ships with PostgreSQL (contrib) and with
-- the embedded engine; where it cannot be installed (no contrib, or no right to create an
-- extension), the migration still succeeds and search reads the customers as before.
do $$
begin
  create extension if not exists pg_trgm with schema public;
  create index customers_name_trgm on customers using gin (name public.gin_trgm_ops);
  create index customers_email_trgm on customers using gin (email public.gin_trgm_ops);
exception when others then
  raise notice 'member search runs without trigram indexes: %', sqlerrm;
end
$$;
