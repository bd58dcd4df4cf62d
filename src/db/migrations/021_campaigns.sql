-- Points campaigns (docs/campaigns.md): a multiplier for a period, optionally limited to products,
-- categories and store versions, with an optional earlier start for members (early access).
-- Periods are stored in UTC, half-open: a campaign is in force at t when
-- coalesce(members_from, starts_at) <= t < ends_at.
create table campaigns (
  shop_id text not null references shops (id),
  id text not null,
  name text not null,
  -- Integer percent: 200 is ×2, 150 is ×1.5; 100 (no extra points) is an early-access-only campaign.
  multiplier_pct integer not null check (multiplier_pct between 100 and 1000),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  members_from timestamptz,
  -- Empty lists: every product, category or store version.
  product_ids jsonb not null default '[]',
  categories jsonb not null default '[]',
  store_version_ids jsonb not null default '[]',
  ended_early boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (shop_id, id),
  check (ends_at > starts_at),
  check (members_from is null or members_from < starts_at)
);
-- Placing an order looks up the campaigns of its shop that have not ended by its placement time.
create index campaigns_shop_ends on campaigns (shop_id, ends_at);

-- The multiplier each line was placed under (the highest of the campaigns that covered it).
alter table order_lines add column multiplier_pct integer not null default 100;
-- Σ over the lines still kept of their eligible cents × (multiplier − 100): what campaigns add to
-- the order's points, in hundredths of a cent. 0 for an order placed under no campaign, so an
-- order's points are floor((100 × kept_eligible_cents + kept_campaign_weight) / (100 × ratio)).
alter table orders add column kept_campaign_weight bigint not null default 0;

-- Bonus grants: points given to a set of members with a reason, once per grant id; each member's
-- points are a `campaign` entry in the ledger with the key grant:<grant id>:<customer id>.
create table bonus_grants (
  shop_id text not null references shops (id),
  id text not null,
  points bigint not null check (points > 0),
  reason text not null check (length(trim(reason)) > 0),
  author text not null,
  members_granted integer not null,
  created_at timestamptz not null,
  primary key (shop_id, id)
);
