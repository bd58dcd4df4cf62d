import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { ManualClock } from '../../src/clock.ts';
import { openPostgres } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import { isDatabaseUnavailable } from '../../src/http/database-unavailable.ts';
import { buildServer } from '../../src/http/server.ts';
import { testApp } from '../support/database.ts';
import { postgresForTests } from '../support/requirements.ts';

const PROBLEM = /^application\/problem\+json/;

function assertUnavailable(answer: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  assert.equal(answer.statusCode, 503, answer.body.slice(0, 300));
  assert.match(String(answer.headers['content-type']), PROBLEM);
  assert.equal(JSON.parse(answer.body).code, 'database_unavailable');
  assert.match(String(answer.headers['retry-after']), /^\d+$/);
}

/** The readiness check, and an API call with a well-formed key, both answer 503 database_unavailable. */
async function assertReadinessAndApiUnavailable(app: FastifyInstance, key: string) {
  assertUnavailable(await app.inject({ method: 'GET', url: '/health/ready' }));
  assertUnavailable(
    await app.inject({ method: 'GET', url: '/v1/api-key', headers: { authorization: `Bearer ${key}` } }),
  );
}

// The lost-connection test needs a real server to drop: on PGlite it runs too, through the
// PostgreSQL the other PostgreSQL-only tests use (skipped with one line without one, failed under CI=true).
const postgres = await postgresForTests();

describe('readiness and a database that is gone', () => {
  test('GET /health/ready answers 200 while the database answers; /health stays liveness', async () => {
    const test = await testApp();
    const app = await buildServer({ ctx: test.ctx });
    try {
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(JSON.parse(ready.body), { status: 'ready' });
      assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    } finally {
      await app.close();
      await test.close();
    }
  });

  test('embedded database closed: ready, the API and the admin answer 503 database_unavailable', async () => {
    const test = await testApp();
    await createShop(test.ctx, { id: 'shop1', name: 'Shop', storeVersions: [] });
    const key = await createApiKey(test.ctx, { shopId: 'shop1', name: 'Web', readOnly: false });
    const app = await buildServer({ ctx: test.ctx });
    await test.close();
    try {
      assertUnavailable(await app.inject({ method: 'GET', url: '/health/ready' }));
      assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'liveness');
      assertUnavailable(
        await app.inject({
          method: 'GET',
          url: '/v1/api-key',
          headers: { authorization: `Bearer ${key.key}` },
        }),
      );
      const admin = await app.inject({
        method: 'GET',
        url: '/admin/program',
        headers: { cookie: `loyalty_admin=shop1.${'a'.repeat(43)}`, accept: 'application/json' },
      });
      assertUnavailable(admin);
      const page = await app.inject({
        method: 'GET',
        url: '/admin/program',
        headers: { cookie: `loyalty_admin=shop1.${'a'.repeat(43)}` },
      });
      assert.equal(page.statusCode, 503, page.body.slice(0, 200));
      assert.match(String(page.headers['retry-after']), /^\d+$/);
    } finally {
      await app.close();
    }
  });

  test('PostgreSQL refusing connections (a closed port): 503 database_unavailable', async () => {
    const port = await closedPort();
    const pool = new pg.Pool({
      host: '127.0.0.1',
      port,
      user: 'x',
      database: 'x',
      connectionTimeoutMillis: 2000,
    });
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const app = await buildServer({ ctx: { db, clock: new ManualClock(new Date('2026-06-15T10:00:00Z')) } });
    try {
      await assertReadinessAndApiUnavailable(app, `lk_live_${'a'.repeat(43)}`);
    } finally {
      await app.close();
      await db.destroy();
    }
  });

  test('connection errors are recognised; other database errors are not', () => {
    const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    for (const error of [
      withCode('ECONNREFUSED'),
      withCode('ECONNRESET'),
      withCode('57P01'),
      withCode('57P02'),
      withCode('57P03'),
      withCode('08006'),
      withCode('08001'),
      withCode('53300'),
      withCode('40P01'),
      withCode('40001'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated unexpectedly'),
      new Error('PGlite is closed'),
      Object.assign(new AggregateError([withCode('ECONNREFUSED')]), { code: 'ECONNREFUSED' }),
    ]) {
      assert.equal(
        isDatabaseUnavailable(error),
        true,
        String((error as { code?: string }).code ?? error.message),
      );
    }
    for (const error of [withCode('23505'), withCode('22P02'), new Error('boom'), null, 'text']) {
      assert.equal(isDatabaseUnavailable(error), false);
    }
  });

  // The service's own pool: a connection lost while a query runs is also an 'error' event on the
  // client in use, which crashed the process before openPostgres listened for it.
  test('PostgreSQL going away under a running server: 503, and the process lives', {
    skip: postgres.skip,
  }, async () => {
    const url = postgres.get();
    const target = new URL(url);
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String((proxy.address() as net.AddressInfo).port);
    const { db } = await openPostgres(proxied.toString());
    const app = await buildServer({ ctx: { db, clock: new ManualClock(new Date('2026-06-15T10:00:00Z')) } });
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode, 200);
      const closed = new Promise<void>((resolve) => proxy.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await assertReadinessAndApiUnavailable(app, `lk_live_${'b'.repeat(43)}`);
    } finally {
      await app.close();
      await db.destroy().catch(() => {});
    }
  });
});

describe('a deadlock that outlasts the retries', () => {
  // A real deadlock on PostgreSQL (two sessions each waiting for the other's advisory lock): the
  // victim's error, thrown by a route as a use case would after its own retries, is a 503 with
  // Retry-After that says to send the request again, not a 500.
  test('its victim answers 503 database_unavailable with Retry-After', { skip: postgres.skip }, async () => {
    const victim = await deadlockVictim(postgres.get());
    assert.equal((victim as { code?: string }).code, '40P01');
    const test = await testApp();
    const app = await buildServer({ ctx: test.ctx });
    app.get('/deadlocked', async () => {
      throw victim;
    });
    try {
      const answer = await app.inject({ method: 'GET', url: '/deadlocked' });
      assertUnavailable(answer);
      assert.match(JSON.parse(answer.body).detail, /collided with another one .* send it again/);
    } finally {
      await app.close();
      await test.close();
    }
  });
});

/** The error PostgreSQL gives the session it rolls back to end a deadlock between two sessions. */
async function deadlockVictim(url: string): Promise<unknown> {
  const [a, b] = [new pg.Client(url), new pg.Client(url)];
  await Promise.all([a.connect(), b.connect()]);
  try {
    await a.query('begin');
    await b.query('begin');
    await a.query('select pg_advisory_xact_lock(7301)');
    await b.query('select pg_advisory_xact_lock(7302)');
    const outcomes = await Promise.allSettled([
      a.query('select pg_advisory_xact_lock(7302)'),
      b.query('select pg_advisory_xact_lock(7301)'),
    ]);
    const failed = outcomes.find((o) => o.status === 'rejected');
    assert.ok(failed, 'one of the two sessions is chosen as the deadlock victim');
    return failed.reason;
  } finally {
    await Promise.allSettled([a.query('rollback'), b.query('rollback')]);
    await Promise.allSettled([a.end(), b.end()]);
  }
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
