import type { Command } from 'commander';
import {
  type AdminLanguage,
  type AdminRole,
  createAdminUser,
  isAdminRole,
  setAdminPassword,
} from '../app/admin-users/users.ts';
import { DomainError } from '../domain/errors.ts';
import { withAppContext } from './app-context.ts';
import { callLocalService, withDatabaseOrService } from './local-service.ts';

interface CreateOptions {
  shop: string;
  email: string;
  password?: string;
  name?: string;
  language?: string;
  role: string;
}

/** A created user as the operator API answers with it. */
interface CreatedJson {
  shopId: string;
  email: string;
  role: AdminRole;
  password: string | null;
}

function printCreated(
  user: { shopId: string; email: string; role: AdminRole },
  generated: string | null,
  publicUrl: string,
) {
  const till = user.role === 'cashier' ? ' as a cashier (the till only)' : '';
  console.log(`Created admin user ${user.email}${till} for shop ${user.shopId}.`);
  if (generated) console.log(`Password (shown only now): ${generated}`);
  const next = user.role === 'cashier' ? '&next=%2Fadmin%2Fpos' : '';
  console.log(`Sign in at ${publicUrl}/admin/login?shop=${encodeURIComponent(user.shopId)}${next}`);
}

/**
 * `loyalty admin-user create|set-password`: merchant users who sign in to /admin. `create` works
 * beside a service running on the embedded database too, through its operator API.
 */
export function registerAdminCommands(program: Command): void {
  const users = program
    .command('admin-user')
    .description('manage the merchant users of a shop’s admin (/admin)');

  users
    .command('create')
    .description('add a user to a shop; without --password one is generated and printed once')
    .requiredOption('--shop <id>', 'the shop the user belongs to')
    .requiredOption('--email <address>', 'the e-mail address to sign in with (unique per shop)')
    .option('--password <password>', 'the password (at least 10 characters)')
    .option('--name <name>', 'the user’s name, shown as the author of point adjustments')
    .option('--language <fi|en>', 'the admin language (default: the browser’s)')
    .option('--role <owner|cashier>', 'owner: the whole admin; cashier: only the till (/admin/pos)', 'owner')
    .action(async (opts: CreateOptions) => {
      const language: AdminLanguage | null =
        opts.language === 'fi' || opts.language === 'en' ? opts.language : null;
      const role = opts.role;
      if (!isAdminRole(role)) throw new DomainError('invalid_input', `--role ${role}: give owner or cashier`);
      const user = { email: opts.email, name: opts.name ?? null, language, role };
      await withDatabaseOrService(
        program,
        async (ctx, { publicUrl }) => {
          const created = await createAdminUser(ctx, { ...user, shopId: opts.shop, password: opts.password });
          printCreated(created.user, created.generated ? created.password : null, publicUrl);
        },
        async (service) => {
          // Beside a service holding the embedded database: through its operator API.
          const body = opts.password === undefined ? user : { ...user, password: opts.password };
          const path = `/shops/${encodeURIComponent(opts.shop)}/users`;
          const created = await callLocalService<CreatedJson>(service, 'POST', path, body);
          printCreated(created, created.password, service.url);
        },
      );
    });

  users
    .command('set-password')
    .description(
      'give a user a new password (signs the user out everywhere); without --password one is generated',
    )
    .requiredOption('--shop <id>', 'the shop')
    .requiredOption('--email <address>', 'the user’s e-mail address')
    .option('--password <password>', 'the new password (at least 10 characters)')
    .action(async (opts: { shop: string; email: string; password?: string }) => {
      await withAppContext(program, async (ctx) => {
        const result = await setAdminPassword(ctx, {
          shopId: opts.shop,
          email: opts.email,
          password: opts.password,
        });
        console.log(`New password set for ${opts.email} in shop ${opts.shop}.`);
        if (result.generated) console.log(`Password (shown only now): ${result.password}`);
      });
    });
}
