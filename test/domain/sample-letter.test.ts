import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { presetSettings } from '../../src/domain/program/settings.ts';
import { sampleLetter } from '../../src/domain/simulation/sample-letter.ts';

describe('the sample monthly e-mail of the settings preview', () => {
  const now = new Date('2026-06-15T10:00:00Z');

  test('a code of the cheapest tier, issued at the next month start in the shop’s zone', () => {
    const letter = sampleLetter(presetSettings('Club', { language: 'en', codeValidityMonths: 6 }), now);
    assert.equal(letter.period, '2026-07');
    assert.equal(letter.name, 'Alex Taylor');
    assert.equal(letter.balance, 42);
    assert.equal(letter.codes.length, 1);
    assert.equal(letter.codes[0]!.valueCents, 500);
    // Issued 2026-07-01 00:00 in Helsinki, valid six months: until 2027-01-01 00:00 local.
    assert.equal(letter.codes[0]!.expiresAt, '2026-12-31T22:00:00.000Z');
  });

  test('the cheapest tier whatever the order of the tiers; the rest never reaches the next tier', () => {
    const letter = sampleLetter(
      presetSettings('Club', {
        tiers: [
          { points: 120, valueCents: 1000 },
          { points: 100, valueCents: 500 },
        ],
      }),
      now,
    );
    assert.equal(letter.codes[0]!.valueCents, 500);
    assert.equal(letter.balance, 19, 'with 20 more points the member would have reached 120');
    assert.equal(letter.name, 'Maija Meikäläinen');
  });

  test('the month after now on the zone’s calendar', () => {
    // 23:30 UTC on June 30 is already July 1 in Helsinki, but not in UTC.
    const late = new Date('2026-06-30T23:30:00Z');
    assert.equal(sampleLetter(presetSettings(), late).period, '2026-08');
    assert.equal(sampleLetter(presetSettings('P', { timeZone: 'UTC' }), late).period, '2026-07');
  });
});
