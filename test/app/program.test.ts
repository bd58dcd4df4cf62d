import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadProgram } from '../../src/app/program/load-program.ts';
import {
  createProgram,
  publishProgram,
  setVersionVisibility,
  updateSettings,
} from '../../src/app/program/manage-program.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { testApp } from '../support/database.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

describe('program lifecycle', () => {
  const app = suiteFixture(() => testApp());

  /** A shop of its own for each test, with a Finnish version and a B2B one requiring login. */
  const newShop = (id: string) =>
    createShop(app.ctx, {
      id,
      name: `Shop ${id}`,
      storeVersions: [
        { id: 'fi', name: 'Finnish', requiresLogin: false },
        { id: 'b2b', name: 'B2B', requiresLogin: true },
      ],
    });

  test('a new program starts from the presets as a draft', async () => {
    await newShop('s');
    const program = await createProgram(app.ctx, 's');
    assert.equal(program.status, 'draft');
    assert.equal(program.settings.purchaseRatioCents, 100);
    assert.deepEqual(
      program.settings.tiers.map((t) => [t.points, t.valueCents]),
      [
        [100, 500],
        [250, 1500],
        [500, 4000],
      ],
    );
    assert.equal(program.settings.codeValidityMonths, 3);
    assert.equal(program.settings.timeZone, 'Europe/Helsinki');
  });

  test('invalid settings are refused field by field and nothing is saved', async () => {
    await newShop('invalid');
    await createProgram(app.ctx, 'invalid');
    await assert.rejects(
      updateSettings(app.ctx, 'invalid', {
        joinPoints: -1,
        tiers: [
          { points: 100, valueCents: 500 },
          { points: 50, valueCents: 400 },
        ],
      }),
      (e: unknown) => {
        assert.ok(e instanceof DomainError);
        assert.equal(e.code, 'invalid_settings');
        return true;
      },
    );
    await assert.rejects(
      updateSettings(app.ctx, 'invalid', {
        tiers: [
          { points: 100, valueCents: 500 },
          { points: 50, valueCents: 400 },
        ],
      }),
      (e: unknown) =>
        e instanceof DomainError &&
        e.fields.some((f) => f.field === 'tiers.1.points') &&
        e.fields.some((f) => f.field === 'tiers.1.valueCents'),
    );
    assert.equal((await loadProgram(app.ctx.db, 'invalid')).settings.joinPoints, 0);
  });

  test('publishing needs a selected version, and a version requiring login cannot be selected', async () => {
    await newShop('publish');
    await createProgram(app.ctx, 'publish');
    await assert.rejects(
      publishProgram(app.ctx, 'publish'),
      (e: unknown) => e instanceof DomainError && e.code === 'program_not_publishable',
    );
    await assert.rejects(
      setVersionVisibility(app.ctx, 'publish', 'b2b', true),
      (e: unknown) => e instanceof DomainError && e.fields[0]!.message.includes('requires customer login'),
    );
    await setVersionVisibility(app.ctx, 'publish', 'fi', true);
    const published = await publishProgram(app.ctx, 'publish');
    assert.equal(published.status, 'published');
    assert.ok(published.publishedAt);
  });

  test('hiding the program from its only version keeps it published', async () => {
    await newShop('hide');
    await createProgram(app.ctx, 'hide');
    await setVersionVisibility(app.ctx, 'hide', 'fi', true);
    await publishProgram(app.ctx, 'hide');
    const hidden = await setVersionVisibility(app.ctx, 'hide', 'fi', false);
    assert.deepEqual(hidden.settings.storeVersionIds, []);
    assert.equal((await loadProgram(app.ctx.db, 'hide')).status, 'published');
  });
});
