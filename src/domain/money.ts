/** Money is integer euro cents; points are integers. Neither is ever a float. */
export type Cents = number;
export type Points = number;

export function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

// Building an Intl format costs far more than using one; pages format euros many times each.
const EUROS = {
  fi: new Intl.NumberFormat('fi-FI', { style: 'currency', currency: 'EUR' }),
  en: new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' }),
};

export function formatEuros(cents: Cents, locale: 'fi' | 'en'): string {
  return EUROS[locale].format(cents / 100);
}
