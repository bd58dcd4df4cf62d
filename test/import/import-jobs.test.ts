import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createImportJob, listImportJobs, readImportJob } from '../../src/app/import/import-jobs.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { testApp } from '../support/database.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { importPath, movingShop, sample } from './support.ts';

const job = (shopId: string) => ({
  shopId,
  kind: 'orders' as const,
  fileName: 'orders.csv',
  fileBytes: 1000,
  separator: null,
  decimalComma: false,
  checkOnly: false,
  author: 'test',
});

describe('import jobs', () => {
  const app = suiteFixture(async () => {
    const opened = await testApp('2026-06-15T10:00:00Z');
    await movingShop(opened.ctx, 'jobs');
    return opened;
  });

  test('an import whose process ended mid-way is found out and recorded as failed', async () => {
    const id = await createImportJob(app.ctx, job('jobs'));
    assert.equal((await readImportJob(app.ctx, 'jobs', id))!.status, 'running', 'just made: still starting');
    app.clock.advance(61_000);
    const found = await readImportJob(app.ctx, 'jobs', id);
    assert.equal(found!.status, 'failed');
    assert.match(found!.error!, /stopped before it ended .* nothing was written/);
    assert.equal(await readImportJob(app.ctx, 'jobs', 'imp_nope'), null);
  });

  test('a check only writes nothing and says the file has no problems', async () => {
    const outcome = await importPath(app.ctx, 'jobs', 'customers', sample('customers.csv'), {
      checkOnly: true,
    });
    assert.equal(outcome.status, 'checked');
    assert.deepEqual(outcome.summary, { customers: 3 });
    const listed = await listImportJobs(app.ctx, 'jobs');
    assert.deepEqual(
      listed.map((j) => [j.fileName, j.status]),
      [
        ['customers.csv', 'checked'],
        ['orders.csv', 'failed'],
      ],
    );
  });

  test('an unknown shop is refused before anything is recorded', async () => {
    await assert.rejects(createImportJob(app.ctx, job('no-such-shop')), (e: unknown) => {
      return e instanceof DomainError && e.code === 'shop_not_found';
    });
  });
});
