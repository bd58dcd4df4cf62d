-- Keys of the operator API (/v1/operator): whoever runs the service for many shops. They belong
-- to no shop, so this table's key is its own id. Stored as a SHA-256 hash like the shops' API keys.
-- `local`: the credential a running service writes into its embedded data folder for the command
-- line of the same machine (a new one at every start; the previous ones are revoked then).
create table operator_keys (
  id text primary key,
  name text not null,
  prefix text not null,
  hash text not null unique,
  local boolean not null default false,
  created_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz
);
