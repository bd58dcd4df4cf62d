import { formatEuros } from '../../domain/money.ts';
import type { Language } from '../../domain/program/settings.ts';

/** How each language writes amounts, points and moments in an e-mail. */
export interface MailFormat {
  language: Language;
  euros(cents: number): string;
  points(points: number): string;
  /** A moment on the wall clock of the shop's zone, e.g. 30.9.2026 klo 23.59 / 30 September 2026 at 23:59. */
  moment(instant: Date): string;
}

const LOCALES: Record<Language, string> = { fi: 'fi-FI', en: 'en-GB' };

// Building Intl formatters is slow next to using them; a sender formats thousands of messages.
// A shop's zone is one of a few; the most recently used 64 pairs are kept.
const cache = new Map<string, MailFormat>();

export function mailFormat(language: Language, timeZone: string): MailFormat {
  const key = `${language} ${timeZone}`;
  let format = cache.get(key);
  if (format) {
    cache.delete(key);
  } else {
    format = createFormat(language, timeZone);
    if (cache.size >= 64) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, format);
  return format;
}

function createFormat(language: Language, timeZone: string): MailFormat {
  const locale = LOCALES[language];
  const numbers = new Intl.NumberFormat(locale);
  const moments = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: language === 'fi' ? 'numeric' : 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });
  return {
    language,
    euros: (cents) => formatEuros(cents, language),
    points: (points) => {
      const n = numbers.format(points);
      if (language === 'fi') return `${n} ${Math.abs(points) === 1 ? 'piste' : 'pistettä'}`;
      return `${n} ${Math.abs(points) === 1 ? 'point' : 'points'}`;
    },
    moment: (instant) => moments.format(instant),
  };
}
