import type { AdminLanguage } from '../../app/admin-users/users.ts';
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

/** Formatters kept per (language, time zone); a shop's zone is one of a few, the bound is a guard. */
export const FORMATTERS_KEPT = 64;
const formatters = new Map<string, Format>();

/**
 * The formatting of a language in a time zone, shared by every request that needs the same pair:
 * building `Intl` formatters costs about a millisecond each and their ICU memory lives outside the
 * JavaScript heap, so building eleven for every page cost more than the page and swelled the
 * process. The most recently used FORMATTERS_KEPT pairs are kept. An unknown zone throws
 * RangeError and is not kept.
 */
export function formatter(lang: Lang, timeZone: string): Format {
  const key = `${lang} ${timeZone}`;
  const kept = formatters.get(key);
  if (kept) {
    if (formatters.size > 1) {
      formatters.delete(key);
      formatters.set(key, kept);
    }
    return kept;
  }
  const made = makeFormatter(lang, timeZone);
  formatters.set(key, made);
  if (formatters.size > FORMATTERS_KEPT) formatters.delete(formatters.keys().next().value!);
  return made;
}

/** The formats that do not depend on the time zone (numbers, calendar days and months), per language. */
const zoneless = new Map<Lang, Omit<Format, 'date' | 'dateTime' | 'shortDateTime' | 'time'>>();

function zonelessOf(lang: Lang) {
  let made = zoneless.get(lang);
  if (made) return made;
  const locale = LOCALES[lang];
  const euros = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const shortDay = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const monthShort = new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  made = {
    lang,
    euros: (cents) => euros.format(cents / 100),
    number: (n) => number.format(n),
    percent: (share) => (share === null ? '–' : percent.format(share)),
    day: (iso) => day.format(new Date(`${iso}T00:00:00Z`)),
    shortDay: (iso) => shortDay.format(new Date(`${iso}T00:00:00Z`)),
    month: (period) => month.format(new Date(`${period}-01T00:00:00Z`)),
    monthShort: (period) => monthShort.format(new Date(`${period}-01T00:00:00Z`)),
  };
  zoneless.set(lang, made);
  return made;
}

function makeFormatter(lang: Lang, timeZone: string): Format {
  const locale = LOCALES[lang];
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const shortDateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
  return Object.freeze({
    ...zonelessOf(lang),
    date: (d: Date) => date.format(d),
    dateTime: (d: Date) => dateTime.format(d),
    shortDateTime: (d: Date) => shortDateTime.format(d),
    time: (d: Date) => time.format(d),
  });
}
