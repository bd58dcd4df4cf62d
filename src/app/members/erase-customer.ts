import { rm } from 'node:fs/promises';
import type { Executor } from '../../db/connect.ts';
import {
  ERASED_TEXT,
  type ErasureActor,
  type ErasureActorKind,
  erasedCustomerFields,
} from '../../domain/members/erasure.ts';
import { voidCustomerCodes } from '../codes/code-writes.ts';
import { eraseMarketingConsent } from '../consent/marketing-consent.ts';
import type { AppContext } from '../context.ts';
import { eraseEntryReasons } from '../ledger/ledger-writer.ts';
import { eraseCustomerMessages } from '../mail/customer-messages.ts';
import { underCustomerLock } from './lock-customer.ts';

export type { ErasureActor, ErasureActorKind };

/** A recorded erasure: when, by whom and how much it changed; never what was erased. */
export interface Erasure {
  customerId: string;
  erasedAt: Date;
  erasedBy: ErasureActor;
  codesVoided: number;
  messagesCancelled: number;
  reasonsErased: number;
}

export interface EraseResult {
  /** `duplicate`: the customer had been erased before, and nothing changed now. */
  outcome: 'applied' | 'duplicate';
  erasure: Erasure;
}

/**
 * Erases a customer's personal data (docs/personal-data.md), all of it in one transaction: their
 * name, e-mail, phone and language become the tombstone, they leave the program, the codes they
 * could still spend are voided, the reasons written about them in the ledger are replaced, their
 * messages not sent yet are cancelled and the others lose address and content. Points, orders,
 * returns, reviews and times stay, so balances, reports and billing do not move. Erasing again is a
 * no-op answering with the first erasure. Messages kept as files are removed after the commit.
 */
export async function eraseCustomer(
  ctx: AppContext,
  input: { shopId: string; customerId: string; by: ErasureActor },
): Promise<EraseResult> {
  const { result, keptPaths } = await underCustomerLock(ctx, input, async (trx, now) => {
    const before = await erasureOf(trx, input.shopId, input.customerId);
    if (before) return { result: { outcome: 'duplicate' as const, erasure: before }, keptPaths: [] };
    return eraseNow(trx, input, now);
  });
  // The files are the service's own copies; a missing one is as good as removed.
  await Promise.all(keptPaths.map((path) => rm(path, { force: true }).catch(() => {})));
  return result;
}

/** The erasure itself, inside the transaction that locked the customer. */
async function eraseNow(
  trx: Executor,
  input: { shopId: string; customerId: string; by: ErasureActor },
  now: Date,
) {
  const { shopId, customerId } = input;
  const who = { shop_id: shopId, customer_id: customerId };
  // The customer's own fields first: once the erasure is recorded, the database keeps them as they are.
  await trx
    .updateTable('customers')
    .set({ ...erasedCustomerFields(), updated_at: now })
    .where('shop_id', '=', shopId)
    .where('id', '=', customerId)
    .execute();
  await trx
    .updateTable('members')
    .set({ left_at: now })
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId)
    .where('left_at', 'is', null)
    .execute();
  const codes = await voidCustomerCodes(trx, { shopId, customerId, at: now });
  const messages = await eraseCustomerMessages(trx, { shopId, customerId, tombstone: ERASED_TEXT });
  await eraseMarketingConsent(trx, shopId, customerId);
  // Recorded before the reasons are replaced: the ledger's trigger allows that change only then.
  await trx
    .insertInto('customer_erasures')
    .values({
      ...who,
      erased_at: now,
      erased_by_kind: input.by.kind,
      erased_by: input.by.name,
      codes_voided: codes.length,
      messages_cancelled: messages.cancelled,
      reasons_erased: 0,
    })
    .execute();
  const reasons = await eraseEntryReasons(trx, { shopId, customerId, tombstone: ERASED_TEXT });
  await trx
    .updateTable('customer_erasures')
    .set({ reasons_erased: reasons })
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId)
    .execute();
  const erasure: Erasure = {
    customerId,
    erasedAt: now,
    erasedBy: input.by,
    codesVoided: codes.length,
    messagesCancelled: messages.cancelled,
    reasonsErased: reasons,
  };
  return { result: { outcome: 'applied' as const, erasure }, keptPaths: messages.keptPaths };
}

/** The customer's erasure, or null when they have not been erased. */
export async function erasureOf(db: Executor, shopId: string, customerId: string): Promise<Erasure | null> {
  const row = await db
    .selectFrom('customer_erasures')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    customerId,
    erasedAt: row.erased_at,
    erasedBy: { kind: row.erased_by_kind, name: row.erased_by },
    codesVoided: row.codes_voided,
    messagesCancelled: row.messages_cancelled,
    reasonsErased: row.reasons_erased,
  };
}

/** A customer's erasure, or null when they have not been erased. */
export function customerErasure(
  ctx: AppContext,
  shopId: string,
  customerId: string,
): Promise<Erasure | null> {
  return erasureOf(ctx.db, shopId, customerId);
}
