import type { ColumnType, Generated } from 'kysely';

/** Tables added by the admin migrations; merged into `Database` in schema.ts. */
export interface AdminTables {
  admin_users: AdminUsersTable;
  admin_sessions: AdminSessionsTable;
}

export type AdminLanguage = 'fi' | 'en';

/** An owner runs the whole admin; a cashier sees only the point-of-sale screen (018_admin_roles.sql). */
export type AdminRole = 'owner' | 'cashier';

export interface AdminUsersTable {
  shop_id: string;
  id: Generated<number>;
  email: string;
  name: string | null;
  password_hash: string;
  language: AdminLanguage | null;
  role: Generated<AdminRole>;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}

export interface AdminSessionsTable {
  shop_id: string;
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: ColumnType<Date, Date, never>;
  expires_at: Date;
}
