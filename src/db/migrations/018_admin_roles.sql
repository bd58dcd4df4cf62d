-- A shop's admin users have a role: an owner runs the whole admin (every user so far), a cashier
-- sees only the point-of-sale screen (/admin/pos). The guard that reads it is src/admin/auth.ts.
alter table admin_users
  add column role text not null default 'owner' check (role in ('owner', 'cashier'));
