import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { savePageTexts } from '../../src/app/pages/page-texts.ts';
import { createProgram } from '../../src/app/program/manage-program.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { type ApiHarness, apiHarness } from '../http/harness.ts';

describe('the program’s public pages', () => {
  let h: ApiHarness;
  before(async () => {
    h = await apiHarness();
    await createShop(h.ctx, { id: 'draft', name: 'Draft shop', storeVersions: [] });
    await createProgram(h.ctx, 'draft');
  });
  after(() => h.close());

  const page = (url: string) => h.call('GET', url, { key: null });

  test('the intro page shows the running program with its current rules, linking to the terms', async () => {
    const answer = await page('/shops/shop1/loyalty');
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /text\/html/);
    assert.match(String(answer.headers['content-security-policy']), /default-src 'none'/);
    assert.match(answer.text, /Shop shop1/);
    assert.match(answer.text, /100 pistettä = 5,00\s€/);
    assert.match(answer.text, /href="\/shops\/shop1\/loyalty\/terms"/);
    assert.doesNotMatch(answer.text, /\{LoyaltyProgram/);
  });

  test('the terms page links back to the intro page', async () => {
    const answer = await page('/shops/shop1/loyalty/terms');
    assert.equal(answer.status, 200);
    assert.match(answer.text, /href="\/shops\/shop1\/loyalty"/);
  });

  test('the merchant’s own text is shown escaped', async () => {
    await savePageTexts(h.ctx, 'shop2', {
      intro: '# Club <b>deals</b>\n\n<script>alert(1)</script> {LoyaltyProgramName}',
    });
    const answer = await page('/shops/shop2/loyalty');
    assert.match(answer.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(answer.text, /<script>/);
  });

  test('a program not yet started, and an unknown shop, have no pages', async () => {
    assert.equal((await page('/shops/draft/loyalty')).status, 404);
    assert.equal((await page('/shops/nowhere/loyalty/terms')).status, 404);
  });
});
