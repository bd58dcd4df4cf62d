import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pageTextsOf, savePageTexts } from '../../src/app/pages/page-texts.ts';
import { loadProgram } from '../../src/app/program/load-program.ts';
import type { DomainError } from '../../src/domain/errors.ts';
import { defaultPageText } from '../../src/domain/pages/default-texts.ts';
import { renderPage } from '../../src/domain/pages/render-page.ts';
import { presetSettings } from '../../src/domain/program/settings.ts';
import { testAppWithPublishedShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

const text = (blocks: ReturnType<typeof renderPage>['blocks']) =>
  blocks
    .map((b) => (b.type === 'heading' ? b.text : b.type === 'list' ? b.items.join('\n') : b.lines.join('\n')))
    .join('\n');

describe('intro and terms pages', () => {
  test('interface tags render the current settings', () => {
    const settings = {
      ...presetSettings('Kanta-asiakkaat'),
      joinPoints: 50,
      reviewPoints: 20,
      language: 'fi' as const,
    };
    const page = renderPage(defaultPageText('intro', 'fi'), settings);
    const all = text(page.blocks);
    assert.equal(page.blocks[0]!.type, 'heading');
    assert.match(all, /^Kanta-asiakkaat/);
    assert.match(all, /Ostoksista kertyy 1 piste jokaista 1,00\s€ kohden\./);
    assert.match(all, /Liittymisestä saat 50 pistettä\./);
    assert.match(all, /saat 20 pistettä, kun arvostelu on hyväksytty/);
    assert.match(all, /100 pistettä = 5,00\s€\n250 pistettä = 15,00\s€\n500 pistettä = 40,00\s€/);
    assert.match(all, /Ensimmäiseen alennuskoodiin tarvitset 100 pistettä\./);
    assert.match(all, /Koodi on voimassa 3 kuukautta\./);
    assert.deepEqual(page.unknownTags, []);
    const list = page.blocks.find((b) => b.type === 'list' && b.items.some((i) => i.includes('= 5,00')));
    assert.ok(list, 'the tier tag on its own line becomes list items');
  });

  test('the line about join or review points disappears when that amount is 0', () => {
    const settings = { ...presetSettings('Club', { language: 'en' }), joinPoints: 0, reviewPoints: 15 };
    const terms = text(renderPage(defaultPageText('terms', 'en'), settings).blocks);
    assert.doesNotMatch(terms, /Joining the loyalty program earns/);
    assert.match(terms, /A product review earns 15 points per order/);
    const noReviews = text(
      renderPage(defaultPageText('terms', 'en'), { ...settings, joinPoints: 25, reviewPoints: 0 }).blocks,
    );
    assert.match(noReviews, /Joining the loyalty program earns 25 points once\./);
    assert.doesNotMatch(noReviews, /review/i);
  });

  test('unknown tags stay visible and are reported; merchant text is kept as text', () => {
    const page = renderPage(
      'Hello {Nope} <b>bold</b>\n- {LoyaltyProgramCodeValidityMonths}',
      presetSettings('P', { codeValidityMonths: 1, language: 'en' }),
    );
    assert.deepEqual(page.unknownTags, ['{Nope}']);
    assert.deepEqual(page.blocks, [
      { type: 'paragraph', lines: ['Hello {Nope} <b>bold</b>'] },
      { type: 'list', items: ['1 month'] },
    ]);
  });

  describe('saving', () => {
    const app = suiteFixture(() => testAppWithPublishedShop('pages'));

    test('a custom text is stored, the default text is stored as "default", an empty page is refused', async () => {
      const saved = await savePageTexts(app.ctx, 'pages', { intro: 'Our club {LoyaltyProgramName}' });
      assert.equal(saved.intro, 'Our club {LoyaltyProgramName}');
      assert.equal(saved.terms, defaultPageText('terms', 'fi'));
      const program = await loadProgram(app.ctx.db, 'pages');
      assert.equal(program.introPage, 'Our club {LoyaltyProgramName}');
      assert.equal(program.termsPage, null);
      await savePageTexts(app.ctx, 'pages', { intro: defaultPageText('intro', 'fi') });
      assert.equal((await loadProgram(app.ctx.db, 'pages')).introPage, null);
      await assert.rejects(
        savePageTexts(app.ctx, 'pages', { terms: '  \n ' }),
        (e: DomainError) => e.fields[0]?.field === 'termsPage',
      );
      assert.equal(pageTextsOf(await loadProgram(app.ctx.db, 'pages')).terms, defaultPageText('terms', 'fi'));
    });
  });
});
