import { publishedShop } from '../../support/fixtures.ts';
import { suiteFixture } from '../../support/suite-fixture.ts';
import { signedInAdmin } from './admin-client.ts';

/**
 * The settings form of the admin as a browser posts it: an English program on the Finnish web
 * shop with two tiers, with `over` replacing fields.
 */
export const programSettingsForm = (
  over: Record<string, string | string[]> = {},
): Record<string, string | string[]> => ({
  name: 'Club',
  storeVersionIds: ['fi'],
  purchaseRatioCents: '100',
  joinPoints: '0',
  reviewPoints: '0',
  tierPoints: ['100', '250'],
  tierValue: ['5', '15'],
  codeValidityMonths: '3',
  language: 'en',
  timeZone: 'Europe/Helsinki',
  introPage: 'Welcome to {LoyaltyProgramName}',
  termsPage: 'Terms',
  ...over,
});

/** The message the form shows beside a field (`tiers.1.points` and the like), or '' for none. */
export const fieldError = (html: string, key: string) =>
  new RegExp(
    `id="err-${key.replace(/\./g, '-')}" data-error-for="${key.replace(/\./g, '\\.')}">([^<]*)<`,
  ).exec(html)?.[1] ?? '';

/**
 * A suite's signed-in admin of a published English program named Club (on 15 June 2026), and
 * `save`, which posts the settings form with `over` replacing fields.
 */
export function settingsPageSuite(shopId: string) {
  const admin = suiteFixture(() =>
    signedInAdmin(shopId, async ({ ctx, clock }) => {
      clock.set('2026-06-15T10:00:00Z');
      await publishedShop(ctx, shopId, { name: 'Club', language: 'en' });
    }),
  );
  const save = (over: Record<string, string | string[]>) =>
    admin.client.post('/admin/program/settings', programSettingsForm(over));
  return { admin, save };
}
