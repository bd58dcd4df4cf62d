-- Storefront secrets: the keys a shop's web shop signs its shoppers' tokens with (HS256 JWTs, see
-- docs/storefront-integration.md). A shop may have a few at once, so that a new one can be rolled
-- out before the old one is revoked; each token names its secret by `id` in its `kid` header, and
-- ids are unique across shops so that a token of another shop is recognised as such.
--
-- The secret is kept as it was given out, not hashed: an HMAC is checked by computing it again
-- with the same key, so the service must be able to read the key. Whoever can read this table can
-- also read every ledger the tokens give access to, so encrypting it here would protect nothing more.
create table storefront_secrets (
  shop_id text not null references shops (id),
  id text not null unique,
  name text not null,
  secret text not null,
  created_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz,
  primary key (shop_id, id)
);

-- The web origins (scheme, host and port, e.g. https://shop.example) whose pages may call the
-- shopper routes (/v1/shopper/...) from a browser. Other origins get no CORS allowance.
create table storefront_origins (
  shop_id text not null references shops (id),
  origin text not null,
  created_at timestamptz not null,
  primary key (shop_id, origin)
);
