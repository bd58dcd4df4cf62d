import { sql } from 'kysely';
import type { AppContext } from '../../src/app/context.ts';
import { createProgram, publishProgram } from '../../src/app/program/manage-program.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { ManualClock } from '../../src/clock.ts';
import { type DatabaseHandle, openPostgres } from '../../src/db/connect.ts';
import { type SmtpSink, startSmtpSink } from '../mail/smtp-sink.ts';
import { throwawaySchema } from '../support/postgres-schema.ts';
import { postgresForTests } from '../support/requirements.ts';

export interface PostgresSchema {
  /** The URL of this test's own schema. */
  url: string;
  open(poolSize?: number): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated schema of its own on a real PostgreSQL server, whatever the suite runs on:
 * crash and concurrency tests need one. The test files skip without a reachable server
 * (`{ skip: (await postgresForTests()).skip }`), except under CI=true, where this fails and says so.
 */
export async function postgresSchema(): Promise<PostgresSchema> {
  const base = (await postgresForTests()).get();
  const schema = await throwawaySchema(base, 't_monthly', new Date('2026-01-01T00:00:00Z'));
  return {
    url: schema.url,
    open: (poolSize = 4) => openPostgres(schema.url, poolSize),
    drop: () => schema.drop(),
  };
}

/** The balance member i starts with: from -50 to 1,449 points, so most convert and some do not. */
export const startingBalance = (i: number) => ((i * 7919) % 1500) - 50;

/**
 * A shop published long ago whose `members` members (m0000 …) hold `startingBalance(i)` points,
 * each through one ledger entry, written in bulk.
 */
export async function seedShop(db: DatabaseHandle['db'], shopId: string, members: number): Promise<void> {
  const ctx: AppContext = { db, clock: new ManualClock(new Date('2025-01-10T10:00:00Z')) };
  await createShop(ctx, {
    id: shopId,
    name: `Shop ${shopId}`,
    storeVersions: [{ id: 'web', name: 'Web', requiresLogin: false }],
  });
  await createProgram(ctx, shopId, { storeVersionIds: ['web'] });
  await publishProgram(ctx, shopId);
  const at = ctx.clock.now();
  const ids = Array.from({ length: members }, (_, i) => `m${String(i).padStart(4, '0')}`);
  const balances = ids.map((_, i) => startingBalance(i));
  await db.transaction().execute(async (trx) => {
    await sql`insert into customers (shop_id, id, email, name, language, registered_at, created_at, updated_at)
      select ${shopId}, id, id || '@example.com', 'Member ' || id, 'fi', ${at}, ${at}, ${at}
      from unnest(${ids}::text[]) as id`.execute(trx);
    await sql`insert into members (shop_id, customer_id, join_source, joined_at)
      select ${shopId}, id, 'import', ${at} from unnest(${ids}::text[]) as id`.execute(trx);
    await sql`insert into ledger_entries (shop_id, customer_id, kind, points, ref_type, ref_id, idempotency_key, created_at)
      select ${shopId}, id, 'purchase', points, 'order', 'o-' || id, 'purchase:o-' || id, ${at}
      from unnest(${ids}::text[], ${balances}::int8[]) as t(id, points)`.execute(trx);
    await sql`insert into member_balances (shop_id, customer_id, balance, updated_at)
      select ${shopId}, id, points, ${at} from unnest(${ids}::text[], ${balances}::int8[]) as t(id, points)`.execute(
      trx,
    );
  });
}

export interface SeededShopOnPostgres {
  schema: PostgresSchema;
  /** Opened with the pool size asked for, for the test's own reads and writes. */
  database: DatabaseHandle;
  /** Where the shop's e-mail is to be delivered. */
  sink: SmtpSink;
  close(): Promise<void>;
}

/** A fresh schema holding seedShop(shopId, members), and an SMTP server on loopback for its e-mail. */
export async function seededShopWithMailSink(
  shopId: string,
  members: number,
  poolSize?: number,
): Promise<SeededShopOnPostgres> {
  const schema = await postgresSchema();
  let database: DatabaseHandle | undefined;
  const close = async () => {
    await database?.close();
    await schema.drop();
  };
  try {
    database = await schema.open(poolSize);
    await seedShop(database.db, shopId, members);
    const sink = await startSmtpSink();
    return {
      schema,
      database,
      sink,
      close: async () => {
        await sink.close();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
