-- Merchant users of the admin app and their sign-in sessions. Keyed by shop_id first, like every
-- other table, so that a shop's admin data lives with the rest of the shop's rows.

create table admin_users (
  shop_id text not null references shops (id),
  id bigint generated always as identity,
  email text not null,
  name text,
  -- 'scrypt$N$r$p$salt$hash' (base64url parts); never the password itself.
  password_hash text not null,
  -- The user's own choice of admin language; null follows the browser.
  language text check (language in ('fi', 'en')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (shop_id, id)
);
-- One user per e-mail address and shop, whatever its letter case.
create unique index admin_users_email on admin_users (shop_id, lower(email));

-- A session is found by the shop in the cookie and the SHA-256 of the cookie's random token,
-- so a copy of this table cannot be replayed as cookies.
create table admin_sessions (
  shop_id text not null,
  token_hash text not null,
  user_id bigint not null,
  -- Synchronizer token that every form and script request of the session must echo.
  csrf_token text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  primary key (shop_id, token_hash),
  foreign key (shop_id, user_id) references admin_users (shop_id, id) on delete cascade
);
create index admin_sessions_expiry on admin_sessions (expires_at);

-- Reports list a shop's members by join time and its codes by issue time.
create index members_joined on members (shop_id, joined_at);
create index discount_codes_issued on discount_codes (shop_id, issued_at);
