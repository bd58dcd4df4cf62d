import { sql } from 'kysely';
import type { AdminLanguage, AdminRole } from '../../db/tables-admin.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { requireShop } from '../program/load-program.ts';
import { generatePassword, hashPassword, passwordProblem } from './password.ts';

export type { AdminLanguage, AdminRole };

export const ADMIN_ROLES: readonly AdminRole[] = ['owner', 'cashier'];

export function isAdminRole(value: unknown): value is AdminRole {
  return value === 'owner' || value === 'cashier';
}

export interface AdminUser {
  shopId: string;
  id: number;
  email: string;
  name: string | null;
  language: AdminLanguage | null;
  role: AdminRole;
}

export interface CreateAdminUserInput {
  shopId: string;
  email: string;
  name?: string | null;
  /** Without one, a password is generated and returned once. */
  password?: string | undefined;
  language?: AdminLanguage | null;
  /** `owner` unless given: a cashier sees only the point-of-sale screen. */
  role?: AdminRole;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkEmail(email: string): string {
  const trimmed = email.trim();
  if (!EMAIL.test(trimmed) || trimmed.length > 254) {
    throw new DomainError('invalid_input', `"${email}" is not an e-mail address`, [
      { field: 'email', message: 'Give an e-mail address such as name@example.com' },
    ]);
  }
  return trimmed;
}

/** The password given (checked) or a generated one, and its hash to store. */
async function newPassword(
  given: string | undefined,
): Promise<{ password: string; generated: boolean; hash: string }> {
  const password = given ?? generatePassword();
  const problem = passwordProblem(password);
  if (problem) throw new DomainError('invalid_input', problem, [{ field: 'password', message: problem }]);
  return { password, generated: given === undefined, hash: await hashPassword(password) };
}

/** Adds a merchant user to a shop; the e-mail address is unique per shop, whatever its letter case. */
export async function createAdminUser(
  ctx: AppContext,
  input: CreateAdminUserInput,
): Promise<{ user: AdminUser; password: string; generated: boolean }> {
  const email = checkEmail(input.email);
  const name = input.name?.trim() || null;
  const language = input.language ?? null;
  const role = input.role ?? 'owner';
  if (!isAdminRole(role)) {
    throw new DomainError('invalid_input', `"${role}" is not a role; give owner or cashier`, [
      { field: 'role', message: 'owner or cashier' },
    ]);
  }
  const { password, generated, hash } = await newPassword(input.password);
  const now = ctx.clock.now();
  // The shop's row is only read, so the check and the insert need no transaction of their own.
  await requireShop(ctx.db, input.shopId);
  const row = await ctx.db
    .insertInto('admin_users')
    .values({
      shop_id: input.shopId,
      email,
      name,
      language,
      role,
      password_hash: hash,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.expression(sql`shop_id, lower(email)`).doNothing())
    .returning(['id'])
    .executeTakeFirst();
  if (!row) {
    throw new DomainError('admin_user_exists', `Shop "${input.shopId}" already has a user ${email}`, [
      { field: 'email', message: 'This e-mail address already has a user in this shop' },
    ]);
  }
  return { user: { shopId: input.shopId, id: row.id, email, name, language, role }, password, generated };
}

/** Sets a new password for a user and signs the user out everywhere. */
export async function setAdminPassword(
  ctx: AppContext,
  input: { shopId: string; email: string; password?: string | undefined },
): Promise<{ password: string; generated: boolean }> {
  const { password, generated, hash } = await newPassword(input.password);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const user = await trx
      .updateTable('admin_users')
      .set({ password_hash: hash, updated_at: now })
      .where('shop_id', '=', input.shopId)
      .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.trim().toLowerCase()))
      .returning('id')
      .executeTakeFirst();
    if (!user) {
      await requireShop(trx, input.shopId);
      throw new DomainError('admin_user_not_found', `Shop "${input.shopId}" has no user ${input.email}`);
    }
    await trx
      .deleteFrom('admin_sessions')
      .where('shop_id', '=', input.shopId)
      .where('user_id', '=', user.id)
      .execute();
  });
  return { password, generated };
}

/** A shop's admin users, owners first, then by e-mail address. */
export async function listAdminUsers(ctx: AppContext, shopId: string): Promise<AdminUser[]> {
  const rows = await ctx.db
    .selectFrom('admin_users')
    .select(['id', 'email', 'name', 'language', 'role'])
    .where('shop_id', '=', shopId)
    .orderBy('role', 'desc')
    .orderBy(sql`lower(email)`)
    .execute();
  return rows.map((r) => ({ shopId, ...r }));
}

export async function hasAdminUsers(ctx: AppContext, shopId: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('admin_users')
    .select('id')
    .where('shop_id', '=', shopId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The user's own choice of admin language, or null to follow the browser. */
export async function setAdminLanguage(
  ctx: AppContext,
  user: { shopId: string; id: number },
  language: AdminLanguage | null,
): Promise<void> {
  await ctx.db
    .updateTable('admin_users')
    .set({ language, updated_at: ctx.clock.now() })
    .where('shop_id', '=', user.shopId)
    .where('id', '=', user.id)
    .execute();
}
