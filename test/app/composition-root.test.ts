import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkCode, codeChecks } from '../../src/app/checkout/check-code.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { recordSale, type SalesContext, salesWriter } from '../../src/app/orders/record-sale.ts';
import { dashboardFigures } from '../../src/app/reports/dashboard.ts';
import { type ServiceContext, serviceContext } from '../../src/app/service-context.ts';
import type { Config } from '../../src/config.ts';
import { buildServer } from '../../src/http/server.ts';
import { type RunningService, startService } from '../../src/service.ts';
import { migratedPGlite, type TestApp, testApp } from '../support/database.ts';
import { publishedShop, specOrder } from '../support/fixtures.ts';
import { throwawaySchema } from '../support/postgres-schema.ts';

const JUNE = { from: '2026-06-01', to: '2026-06-30' };
const TZ = 'Europe/Helsinki';

/** How many requests went through `submit` of the context's sales writer and code checks. */
function counted(ctx: ServiceContext): { sales: number; checks: number } {
  const seen = { sales: 0, checks: 0 };
  const { salesWriter: writer, codeChecks: checks } = ctx;
  const submitSale = writer.submit.bind(writer);
  writer.submit = (item) => {
    seen.sales++;
    return submitSale(item);
  };
  const submitCheck = checks.submit.bind(checks);
  checks.submit = (item) => {
    seen.checks++;
    return submitCheck(item);
  };
  return seen;
}

describe('the composition root gives each service its own long-lived objects', () => {
  let a: TestApp;
  let b: TestApp;
  before(async () => {
    [a, b] = await Promise.all([testApp(), testApp()]);
    for (const app of [a, b]) await publishedShop(app.ctx, 'shop');
  });
  after(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  test('serviceContext fills in what a context lacks, on the same object, and keeps what it has', () => {
    const writer = salesWriter(a.database.db);
    const plain = { db: a.database.db, clock: a.clock, salesWriter: writer };
    const ctx = serviceContext(plain);
    assert.equal(ctx, plain, 'the same object, so that use cases called with it share its parts');
    assert.equal(ctx.salesWriter, writer);
    const { codeChecks: checks, dashboards } = ctx;
    serviceContext(ctx);
    assert.equal(ctx.codeChecks, checks, 'made once');
    assert.equal(ctx.dashboards, dashboards, 'made once');
    const other = serviceContext({ db: a.database.db, clock: a.clock });
    assert.notEqual(other.salesWriter, ctx.salesWriter);
    assert.notEqual(other.codeChecks, ctx.codeChecks);
    assert.notEqual(other.dashboards, ctx.dashboards);
  });

  test('a server built on a plain context gives it its parts; two servers share none', async () => {
    const ctxA = { db: a.database.db, clock: a.clock };
    const ctxB = { db: b.database.db, clock: b.clock };
    const [serverA, serverB] = await Promise.all([buildServer({ ctx: ctxA }), buildServer({ ctx: ctxB })]);
    try {
      const partsA = serviceContext(ctxA);
      const partsB = serviceContext(ctxB);
      assert.notEqual(partsA.salesWriter, partsB.salesWriter);
      assert.notEqual(partsA.codeChecks, partsB.codeChecks);
      assert.notEqual(partsA.dashboards, partsB.dashboards);
    } finally {
      await Promise.all([serverA.close(), serverB.close()]);
    }
  });

  test('the use cases use the instances the context carries', async () => {
    const ctx = serviceContext({ db: a.database.db, clock: a.clock, codeChecks: codeChecks(a.database.db) });
    const seen = counted(ctx);
    await joinProgram(ctx, { shopId: 'shop', customerId: 'c1', source: 'registration' });
    const at = a.clock.now();
    const results = await Promise.all(
      ['s1', 's2', 's3'].map((id) => recordSale(ctx, specOrder('shop', id, 'c1', at))),
    );
    assert.deepEqual(
      results.map((r) => r.outcome),
      ['applied', 'applied', 'applied'],
    );
    assert.equal(seen.sales, 3);
    const answer = await checkCode(ctx, {
      shopId: 'shop',
      code: 'NOPE',
      customerId: 'c1',
      storeVersionId: 'fi',
      loggedIn: true,
      cart: {
        lines: [{ quantity: 1, unitPriceCents: 1000, lineDiscountCents: 0, giftCard: false }],
        orderDiscountCents: 0,
      },
    });
    assert.equal(answer.accepted, false);
    assert.equal(seen.checks, 1);
  });

  test('a plain context keeps the writer it got on its first sale; another context has its own', async () => {
    const plain: SalesContext = { db: b.database.db, clock: b.clock };
    const at = b.clock.now();
    await recordSale(plain, specOrder('shop', 'p1', null, at));
    const first = plain.salesWriter;
    assert.ok(first, 'made on first use and kept on the context object');
    await recordSale(plain, specOrder('shop', 'p2', null, at));
    assert.equal(plain.salesWriter, first);
    const another: SalesContext = { db: b.database.db, clock: b.clock };
    await recordSale(another, specOrder('shop', 'p3', null, at));
    assert.notEqual(another.salesWriter, first);
  });

  test('dashboard figures are shared within one service, not between two', async () => {
    const one = serviceContext({ db: b.database.db, clock: b.clock });
    const two = serviceContext({ db: b.database.db, clock: b.clock });
    const before = await dashboardFigures(one, 'shop', JUNE, TZ);
    await joinProgram(two, { shopId: 'shop', customerId: 'c2', source: 'registration' });
    const shared = await dashboardFigures(one, 'shop', JUNE, TZ);
    assert.equal(shared, before, 'the same figures, shared for a few seconds');
    const own = await dashboardFigures(two, 'shop', JUNE, TZ);
    assert.equal(own.totals.newMembers, before.totals.newMembers + 1, 'the other service reads its own');
  });
});

describe('startService builds the service context once and hands it to the server', () => {
  let service: RunningService;
  let cleanUp: () => Promise<void>;
  before(async () => {
    const base = process.env.TEST_DATABASE_URL;
    let databaseUrl: string | undefined;
    let dataDir = '';
    if (base) {
      const schema = await throwawaySchema(base, 'root', new Date('2026-01-01T00:00:00Z'));
      databaseUrl = schema.url;
      cleanUp = () => schema.drop();
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'composition-root-'));
      // Migrated from the test template, so that the start's own migration finds nothing to do.
      await (await migratedPGlite(dataDir)).close();
      cleanUp = async () => rmSync(dataDir, { recursive: true, force: true });
    }
    const config: Config = {
      host: '127.0.0.1',
      port: 0,
      databaseUrl,
      dataDir,
      smtpUrl: undefined,
      mailDir: join(tmpdir(), 'composition-root-mail'),
      publicUrl: 'http://localhost',
      logLevel: 'silent',
      seedDemo: false,
      monthlyRunners: 1,
    };
    service = await startService(config, { log: () => {} });
  });
  after(async () => {
    await service?.close();
    await cleanUp?.();
  });

  test('the running service carries its sales writer, code checks and dashboard cache', async () => {
    const { ctx } = service;
    assert.ok(ctx.salesWriter && ctx.codeChecks && ctx.dashboards);
    assert.equal(serviceContext(ctx).salesWriter, ctx.salesWriter, 'the server was given the same ones');
    const ready = await fetch(`${service.url}/health/ready`);
    assert.equal(ready.status, 200);
  });
});
