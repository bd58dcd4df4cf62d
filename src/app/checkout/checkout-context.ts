import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { isMemberSql } from '../members/is-member-sql.ts';
import { programVisibleSql } from '../program/program-visible-sql.ts';

export interface CheckoutFacts {
  /** The program is published and selected in this store version. */
  programVisible: boolean;
  /** The customer checking out is a member now. */
  isMember: boolean;
}

/** What a code check needs to know about the program and the customer, in one round trip. */
export async function checkoutFacts(
  db: Db | Transaction<Database>,
  shopId: string,
  storeVersionId: string,
  customerId: string,
): Promise<CheckoutFacts> {
  const result = await sql<{ visible: boolean; is_member: boolean }>`
    select ${programVisibleSql('p', sql<string>`${storeVersionId}::text`)} as visible,
           exists (select 1 from members m
                   where m.shop_id = p.shop_id and m.customer_id = ${customerId} and ${isMemberSql('m')}) as is_member
    from programs p
    where p.shop_id = ${shopId}`.execute(db);
  const row = result.rows[0];
  if (!row) throw new DomainError('program_not_found', 'This shop has no loyalty program yet');
  return { programVisible: row.visible, isMember: row.is_member };
}
