import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { requireShop } from '../program/load-program.ts';

export interface CustomerInput {
  shopId: string;
  customerId: string;
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  language?: string | null;
  registeredAt: Date;
}

/** Creates the customer the store knows, or updates the details it sent. */
export async function upsertCustomer(ctx: AppContext, input: CustomerInput): Promise<{ created: boolean }> {
  if (!input.customerId.trim()) {
    throw new DomainError('invalid_input', 'A customer id is required', [
      { field: 'customerId', message: 'Required' },
    ]);
  }
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await requireShop(trx, input.shopId);
    const row = await trx
      .insertInto('customers')
      .values({
        shop_id: input.shopId,
        id: input.customerId,
        email: input.email ?? null,
        phone: input.phone ?? null,
        name: input.name ?? null,
        language: input.language ?? null,
        registered_at: input.registeredAt,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['shop_id', 'id']).doUpdateSet((eb) => ({
          email: eb.ref('excluded.email'),
          phone: eb.ref('excluded.phone'),
          name: eb.ref('excluded.name'),
          language: eb.ref('excluded.language'),
          updated_at: now,
        })),
      )
      // xmax is 0 only on a freshly inserted row version, whatever the clock says.
      .returning(sql<boolean>`xmax = 0`.as('created'))
      .executeTakeFirstOrThrow();
    return { created: row.created };
  });
}
