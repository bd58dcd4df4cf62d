import type { AdminLanguage } from '../../db/tables-admin.ts';
import { en, type Messages } from './en.ts';
import { fi } from './fi.ts';

export type { Messages };
export type Lang = AdminLanguage;
export const LANGS: readonly Lang[] = ['fi', 'en'];

export function messages(lang: Lang): Messages {
  return lang === 'en' ? en : fi;
}

export function isLang(value: unknown): value is Lang {
  return value === 'fi' || value === 'en';
}

/**
 * The user's own choice, else the browser's first supported language by preference
 * (Accept-Language with q values), else Finnish.
 */
export function pickLanguage(choice: Lang | null | undefined, acceptLanguage: string | undefined): Lang {
  if (choice) return choice;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: (tag ?? '').toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((x) => x.base).find(isLang) ?? 'fi';
}

const LOCALES: Record<Lang, string> = { fi: 'fi-FI', en: 'en-GB' };

/** Euros, points, dates and times as people of the language write them, in the shop's zone. */
export interface Format {
  lang: Lang;
  euros(cents: number): string;
  number(n: number): string;
  percent(share: number | null): string;
  date(d: Date): string;
  dateTime(d: Date): string;
  shortDateTime(d: Date): string;
  /** A local calendar day 'YYYY-MM-DD'. */
  day(iso: string): string;
  /** A month 'YYYY-MM'. */
  month(period: string): string;
  monthShort(period: string): string;
  shortDay(iso: string): string;
  time(d: Date): string;
}

export function formatter(lang: Lang, timeZone: string): Format {
  const locale = LOCALES[lang];
  const euros = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const shortDateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const shortDay = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const monthShort = new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
  return {
    lang,
    euros: (cents) => euros.format(cents / 100),
    number: (n) => number.format(n),
    percent: (share) => (share === null ? '–' : percent.format(share)),
    date: (d) => date.format(d),
    dateTime: (d) => dateTime.format(d),
    shortDateTime: (d) => shortDateTime.format(d),
    day: (iso) => day.format(new Date(`${iso}T00:00:00Z`)),
    shortDay: (iso) => shortDay.format(new Date(`${iso}T00:00:00Z`)),
    month: (period) => month.format(new Date(`${period}-01T00:00:00Z`)),
    monthShort: (period) => monthShort.format(new Date(`${period}-01T00:00:00Z`)),
    time: (d) => time.format(d),
  };
}
