import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { ImportedCustomer } from '../../domain/import/customer-rows.ts';
import { importMarketingConsents } from '../consent/marketing-consent.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export interface CustomersWritten {
  /** Customers new to the shop. */
  customers: number;
  /** Consents given or withdrawn in the rows, and how many of them were recorded. */
  consentsInFile: number;
  consents: number;
}

/**
 * Writes imported customers in one statement; a customer the shop has already is left as it is
 * (importing a file again changes nothing). Then their consents to marketing, new or known
 * customers alike, through the consent's writer (`importMarketingConsents`), given when the file
 * says or else at the import's moment.
 */
export async function writeCustomers(
  db: Executor,
  input: { shopId: string; now: Date },
  customers: ImportedCustomer[],
): Promise<CustomersWritten> {
  const { rows } = await sql<{ n: number }>`
    with written as (
      insert into customers (shop_id, id, email, phone, name, language, registered_at, created_at, updated_at)
      select ${input.shopId}, c.id, c.email, c.phone, c.name, c.language, c.registered_at, ${input.now}, ${input.now}
      from unnest(${customers.map((c) => c.id)}::text[], ${customers.map((c) => c.email)}::text[],
        ${customers.map((c) => c.phone)}::text[], ${customers.map((c) => c.name)}::text[],
        ${customers.map((c) => c.language)}::text[], ${customers.map((c) => iso(c.registeredAt))}::timestamptz[])
        as c(id, email, phone, name, language, registered_at)
      on conflict (shop_id, id) do nothing
      returning 1
    )
    select count(*)::int as n from written`.execute(db);
  const consents = customers.flatMap((c) =>
    c.consent === null
      ? []
      : [
          {
            customerId: c.id,
            granted: c.consent.granted,
            changedAt: c.consent.at === null ? input.now : new Date(c.consent.at),
          },
        ],
  );
  const recorded = await importMarketingConsents(db, input.shopId, consents);
  return { customers: rows[0]!.n, consentsInFile: consents.length, consents: recorded };
}
