import type { FastifyInstance } from 'fastify';
import { createAdminUser, isAdminRole, listAdminUsers } from '../../app/admin-users/users.ts';
import type { AppContext } from '../../app/context.ts';
import { DomainError } from '../../domain/errors.ts';
import { formText } from '../forms/numbers.ts';
import { sendPage, shopContext } from '../request-context.ts';
import { type AdminUserForm, adminUsersPage } from '../views/admin-users.ts';

/**
 * The shop's admin users and their roles; an owner adds a user (a cashier for the till, or another
 * owner) with a generated password shown once. Only owners reach it (the guard in auth.ts).
 */
export function adminUserRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/users', async (request, reply) => {
    const { frame, shopId } = await shopContext(ctx, request);
    const users = await listAdminUsers(ctx, shopId);
    const form: AdminUserForm = { email: '', name: '', role: 'cashier', errors: {} };
    return sendPage(reply, adminUsersPage(frame, { users, form }));
  });

  app.post('/users', async (request, reply) => {
    const { frame, shopId } = await shopContext(ctx, request);
    const t = frame.t.adminUsers;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const role = formText(body.role);
    const form: AdminUserForm = {
      email: formText(body.email).trim(),
      name: formText(body.name).trim(),
      role: isAdminRole(role) ? role : 'cashier',
      errors: {},
    };
    try {
      const created = await createAdminUser(ctx, {
        shopId,
        email: form.email,
        name: form.name || null,
        role: form.role,
      });
      const users = await listAdminUsers(ctx, shopId);
      const empty: AdminUserForm = { email: '', name: '', role: 'cashier', errors: {} };
      return sendPage(
        reply,
        adminUsersPage(frame, {
          users,
          form: empty,
          created: { email: created.user.email, password: created.password },
        }),
        201,
      );
    } catch (error) {
      if (!(error instanceof DomainError) || !['invalid_input', 'admin_user_exists'].includes(error.code))
        throw error;
      form.errors.email = error.code === 'admin_user_exists' ? t.exists : t.invalidEmail;
      const users = await listAdminUsers(ctx, shopId);
      return sendPage(
        reply,
        adminUsersPage(frame, { users, form, flash: { kind: 'error', text: form.errors.email } }),
        422,
      );
    }
  });
}
