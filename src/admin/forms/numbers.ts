/** Reading numbers typed by people: whole numbers and euro amounts written either way (5,50 or 5.50). */

export function formText(value: unknown): string {
  if (Array.isArray(value)) return formText(value[0]);
  return typeof value === 'string' ? value : '';
}

export function formList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** Spaces (also no-break and narrow ones) are thousand separators. */
function compact(text: string): string {
  return text.replace(/[\s\u00a0\u202f]/g, '');
}

/** Digits with an optional sign, however many: a whole number, if perhaps too large to be read. */
export function looksWholeNumber(text: string): boolean {
  return /^[-+\u2212]?\d+$/.test(compact(text));
}

export function parseWholeNumber(text: string): number | null {
  const t = compact(text).replace(/^\u2212/, '-');
  if (!/^[-+]?\d{1,15}$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

/** Euros with at most two decimals, as integer cents; never through a float. */
export function parseEuros(text: string): number | null {
  return parseHundredths(text, 10, /€$/);
}

/** Cents as an amount to edit: 500 → "5", 1250 → "12,50" (or "12.50" in English). */
export function eurosForInput(cents: number, lang: 'fi' | 'en'): string {
  return hundredthsForInput(cents, lang, { trailingZero: true });
}

/** A percentage with at most two decimals ("10", "12,5", "7.25 %") as basis points; never through a float. */
export function parsePercent(text: string): number | null {
  return parseHundredths(text, 5, /%$/);
}

/** Basis points as a percentage to edit: 1000 → "10", 1250 → "12,5" (or "12.5" in English). */
export function percentForInput(bp: number, lang: 'fi' | 'en'): string {
  return hundredthsForInput(bp, lang, { trailingZero: false });
}

/** A number of at most `wholeDigits` digits and two decimals, its `unit` after it or not, in hundredths. */
function parseHundredths(text: string, wholeDigits: number, unit: RegExp): number | null {
  const match = new RegExp(`^(\\d{1,${wholeDigits}})(?:[.,](\\d{1,2}))?$`).exec(
    compact(text).replace(unit, ''),
  );
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

/** Hundredths as a number to edit: whole when it is, else with its decimals in the language's way. */
function hundredthsForInput(n: number, lang: 'fi' | 'en', options: { trailingZero: boolean }): string {
  const whole = Math.trunc(n / 100);
  const rest = n % 100;
  if (rest === 0) return String(whole);
  const decimals = String(rest).padStart(2, '0');
  return `${whole}${lang === 'fi' ? ',' : '.'}${options.trailingZero ? decimals : decimals.replace(/0$/, '')}`;
}
