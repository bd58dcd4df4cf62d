import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../../src/domain/errors.ts';
import {
  type ProgramSettings,
  parseSettings,
  presetSettings,
  type StoreVersionRef,
  validateSettings,
} from '../../src/domain/program/settings.ts';

const versions: StoreVersionRef[] = [
  { id: 'fi', requiresLogin: false },
  { id: 'en', requiresLogin: false },
  { id: 'b2b', requiresLogin: true },
];

function errorFields(input: unknown): string[] {
  const result = validateSettings(input, versions);
  assert.equal(result.ok, false, 'expected the settings to be refused');
  return result.ok ? [] : result.errors.map((error) => error.field);
}

function withSettings(overrides: Record<string, unknown>): Record<string, unknown> {
  return { ...presetSettings(), ...overrides };
}

describe('presetSettings', () => {
  test('SPEC presets: 1 pt / 1 EUR, no join or review points, three tiers, 3 months, Helsinki', () => {
    const preset = presetSettings('Kanta-asiakkaat');
    assert.equal(preset.name, 'Kanta-asiakkaat');
    assert.equal(preset.purchaseRatioCents, 100);
    assert.equal(preset.joinPoints, 0);
    assert.equal(preset.reviewPoints, 0);
    assert.deepEqual(preset.tiers, [
      { points: 100, valueCents: 500 },
      { points: 250, valueCents: 1500 },
      { points: 500, valueCents: 4000 },
    ]);
    assert.equal(preset.codeValidityMonths, 3);
    assert.equal(preset.timeZone, 'Europe/Helsinki');
  });

  test('the presets are valid, with or without selected versions', () => {
    assert.deepEqual(validateSettings(presetSettings(), versions), { ok: true, settings: presetSettings() });
    const selected = presetSettings('Program', { storeVersionIds: ['fi', 'en'] });
    assert.equal(validateSettings(selected, versions).ok, true);
  });
});

describe('validateSettings', () => {
  test('accepts each allowed purchase ratio', () => {
    for (const purchaseRatioCents of [10, 100, 1000]) {
      assert.equal(validateSettings(withSettings({ purchaseRatioCents }), versions).ok, true);
    }
  });

  test('reports each invalid field by its path', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '  ' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ purchaseRatioCents: 50 }, 'purchaseRatioCents'],
      [{ joinPoints: -1 }, 'joinPoints'],
      [{ reviewPoints: 2.5 }, 'reviewPoints'],
      [{ tiers: [] }, 'tiers'],
      [{ tiers: [{ points: 0, valueCents: 500 }] }, 'tiers.0.points'],
      [{ tiers: [{ points: 100, valueCents: -5 }] }, 'tiers.0.valueCents'],
      [{ codeValidityMonths: 0 }, 'codeValidityMonths'],
      [{ codeValidityMonths: 37 }, 'codeValidityMonths'],
      [{ language: 'sv' }, 'language'],
      [{ currency: 'eur' }, 'currency'],
      [{ timeZone: '' }, 'timeZone'],
    ];
    for (const [overrides, field] of cases) {
      assert.deepEqual(errorFields(withSettings(overrides)), [field], JSON.stringify(overrides));
    }
  });

  test('reports every shape problem at once', () => {
    assert.deepEqual(errorFields(withSettings({ name: '', joinPoints: -1, codeValidityMonths: 0 })).sort(), [
      'codeValidityMonths',
      'joinPoints',
      'name',
    ]);
  });

  test('tiers must cost more points and be worth more as they go up', () => {
    const tiers = [
      { points: 100, valueCents: 500 },
      { points: 100, valueCents: 1500 },
      { points: 500, valueCents: 1000 },
    ];
    assert.deepEqual(errorFields(withSettings({ tiers })), ['tiers.1.points', 'tiers.2.valueCents']);
  });

  test('a version requiring customer login can never be selected', () => {
    const result = validateSettings(withSettings({ storeVersionIds: ['fi', 'b2b'] }), versions);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.deepEqual(
        result.errors.map((error) => error.field),
        ['storeVersionIds.1'],
      );
      assert.match(result.errors[0]!.message, /requires customer login/);
    }
  });

  test('an unknown version is refused', () => {
    assert.deepEqual(errorFields(withSettings({ storeVersionIds: ['fi', 'sv'] })), ['storeVersionIds.1']);
  });

  test('a version selected twice is refused', () => {
    assert.deepEqual(errorFields(withSettings({ storeVersionIds: ['fi', 'fi'] })), ['storeVersionIds']);
  });

  test('the time zone must be an IANA zone', () => {
    assert.deepEqual(errorFields(withSettings({ timeZone: 'Mars/Olympus' })), ['timeZone']);
    assert.equal(validateSettings(withSettings({ timeZone: 'America/New_York' }), versions).ok, true);
  });

  test('rule problems are reported together', () => {
    const input = withSettings({
      storeVersionIds: ['b2b'],
      timeZone: 'Mars/Olympus',
      tiers: [
        { points: 200, valueCents: 500 },
        { points: 100, valueCents: 1500 },
      ],
    });
    assert.deepEqual(errorFields(input), ['tiers.1.points', 'storeVersionIds.0', 'timeZone']);
  });

  test('currency defaults to EUR when left out', () => {
    const { currency: _omitted, ...withoutCurrency } = presetSettings();
    const result = validateSettings(withoutCurrency, versions);
    assert.equal(result.ok && result.settings.currency, 'EUR');
  });

  test('anything that is not an object is refused', () => {
    assert.equal(validateSettings(null, versions).ok, false);
    assert.equal(validateSettings('settings', versions).ok, false);
  });
});

describe('parseSettings', () => {
  test('returns valid settings', () => {
    const settings: ProgramSettings = parseSettings(presetSettings(), versions);
    assert.equal(settings.name, 'Loyalty program');
  });

  test('throws invalid_settings listing every invalid field', () => {
    assert.throws(
      () => parseSettings(withSettings({ storeVersionIds: ['b2b'], timeZone: 'Nowhere' }), versions),
      (error: unknown) =>
        error instanceof DomainError &&
        error.code === 'invalid_settings' &&
        error.fields.map((field) => field.field).join() === 'storeVersionIds.0,timeZone',
    );
  });
});
