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
