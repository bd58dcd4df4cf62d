/** Money is integer euro cents; points are integers. Neither is ever a float. */
export type Cents = number;
export type Points = number;

export function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function formatEuros(cents: Cents, locale: 'fi' | 'en'): string {
  return new Intl.NumberFormat(locale === 'fi' ? 'fi-FI' : 'en-IE', {
    style: 'currency',
    currency: 'EUR',
  }).format(cents / 100);
}
