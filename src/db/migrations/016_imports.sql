-- Imports of a shop moving in (docs/import.md): its customers, members with the points they bring
-- and its order history, from CSV files. Each import is a job: its file is checked and written in
-- one transaction, or refused with its problems and nothing written. The job's row is what a
-- reloaded admin page, or the command line beside a running service, reads of how it went.
create table import_jobs (
  shop_id text not null references shops (id),
  id text not null,
  kind text not null check (kind in ('customers', 'members', 'orders')),
  file_name text not null,
  file_bytes bigint not null,
  -- How the file was read: its separator, decimal commas.
  options jsonb not null,
  -- Checked only: nothing is written even when the file is right.
  check_only boolean not null default false,
  -- running → imported | checked | refused (problems, nothing written) | failed (an error, nothing written).
  status text not null default 'running'
    check (status in ('running', 'imported', 'checked', 'refused', 'failed')),
  author text not null,
  rows_read bigint not null default 0,
  -- What was written and what was there already, by kind (docs/import.md).
  summary jsonb,
  problem_count integer not null default 0,
  -- The first 1,000 problems: line, column, value, code and details.
  problems jsonb not null default '[]',
  error text,
  created_at timestamptz not null,
  finished_at timestamptz,
  primary key (shop_id, id),
  check ((status = 'running') = (finished_at is null))
);
create index import_jobs_recent on import_jobs (shop_id, created_at desc);

-- The import that wrote an order: history from before the program, which earns nothing (earns is
-- false) and so is never billed. Null for every order a store reported.
alter table orders add column import_id text;
