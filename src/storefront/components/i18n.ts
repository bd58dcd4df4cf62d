import type { Language } from './api.ts';

const FI_UNTIL_DAY = [
  'sunnuntaihin',
  'maanantaihin',
  'tiistaihin',
  'keskiviikkoon',
  'torstaihin',
  'perjantaihin',
  'lauantaihin',
];
const EN_DAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "double points", "triple points", "×1.5 points": a campaign's multiplier in words. */
const times = (pct: number, words: [string, string, (x: string) => string], decimal: string) =>
  pct === 200 ? words[0] : pct === 300 ? words[1] : words[2](String(pct / 100).replace('.', decimal));

const fi = {
  earn: 'Ansaitse',
  /** "tuplapisteet sunnuntaihin asti": `day` is the weekday (0 Sunday) within a week, else the date. */
  campaign: (pct: number, day: number | null, date: string) =>
    `${times(pct, ['Tuplapisteet', 'Triplapisteet', (x) => `×${x} pisteet`], ',')} ${day === null ? date : FI_UNTIL_DAY[day]} asti`,
  cart: 'Tästä ostoskorista saat',
  points: (n: number): string => (n === 1 ? 'piste' : 'pistettä'),
  join: 'Liity kanta-asiakasohjelmaan',
  joinPoints: 'Liittyessäsi saat',
  terms: 'Ohjelman ehdot',
  intro: 'Tutustu kanta-asiakasohjelmaan',
  balance: 'Pistesaldo',
  memberNumber: 'Jäsennumero',
  nextTier: (missing: string, value: string) => `Vielä ${missing} pistettä ${value} alennuskoodiin`,
  qr: 'Jäsenkoodi kassalle',
  codes: 'Voimassa olevat alennuskoodit',
  noCodes: 'Ei voimassa olevia koodeja.',
  validUntil: 'voimassa',
  until: 'asti',
  copy: 'Kopioi',
  copied: (code: string) => `Koodi ${code} kopioitu`,
  history: 'Pistehistoria',
  date: 'Päivä',
  pointsColumn: 'Pisteet',
  event: 'Tapahtuma',
  more: 'Näytä lisää',
  notMember: 'Et ole vielä kanta-asiakas.',
  joinButton: 'Liity kanta-asiakkaaksi',
  joined: 'Olet nyt kanta-asiakas.',
  failed: 'Tietoja ei saatu. Yritä myöhemmin uudelleen.',
  consent: 'Lähetä minulle tarjouksia ja muistutuksia',
  consentGiven: 'Saat jatkossa tarjouksia ja muistutuksia.',
  consentWithdrawn: 'Emme lähetä sinulle enää tarjouksia ja muistutuksia.',
  kinds: {
    purchase: 'Ostos',
    return: 'Palautus',
    join: 'Liittyminen',
    review: 'Arvostelu',
    campaign: 'Kampanja',
    adjustment: 'Korjaus',
    conversion: 'Alennuskoodiksi',
  } as Record<string, string>,
};

const en: typeof fi = {
  earn: 'Earn',
  campaign: (pct: number, day: number | null, date: string) =>
    `${times(pct, ['Double points', 'Triple points', (x) => `×${x} points`], '.')} until ${day === null ? date : EN_DAY[day]}`,
  cart: 'This cart earns you',
  points: (n: number) => (n === 1 ? 'point' : 'points'),
  join: 'Join the loyalty program',
  joinPoints: 'Joining earns you',
  terms: 'Program terms',
  intro: 'About the loyalty program',
  balance: 'Points balance',
  memberNumber: 'Member number',
  nextTier: (missing: string, value: string) => `${missing} more points to a ${value} discount code`,
  qr: 'Member code for the till',
  codes: 'Valid discount codes',
  noCodes: 'No valid codes.',
  validUntil: 'valid until',
  until: '',
  copy: 'Copy',
  copied: (code: string) => `Code ${code} copied`,
  history: 'Points history',
  date: 'Date',
  pointsColumn: 'Points',
  event: 'Event',
  more: 'Show more',
  notMember: 'You are not a member yet.',
  joinButton: 'Join the loyalty program',
  joined: 'You are now a member.',
  failed: 'Could not load. Please try again later.',
  consent: 'Send me offers and reminders',
  consentGiven: 'You will get offers and reminders.',
  consentWithdrawn: 'You will no longer get offers and reminders.',
  kinds: {
    purchase: 'Purchase',
    return: 'Return',
    join: 'Joined',
    review: 'Review',
    campaign: 'Campaign',
    adjustment: 'Adjustment',
    conversion: 'Converted to a code',
  },
};

export type Words = typeof fi;

/** The words and the Finnish or British number, money and date formats of the program's language. */
export function wordsOf(language: Language) {
  const locale = language === 'fi' ? 'fi-FI' : 'en-GB';
  const number = new Intl.NumberFormat(locale);
  const signed = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' });
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  return {
    lang: language,
    t: language === 'fi' ? fi : en,
    number: (n: number) => number.format(n),
    signed: (n: number) => signed.format(n),
    money: (cents: number) => money.format(cents / 100),
    date: (iso: string) => date.format(new Date(iso)),
    /** A campaign's line: its last moment (just before `endsAt`) as a weekday within six days, else a date. */
    campaign: (pct: number, endsAt: string, now = new Date()) => {
      const last = new Date(new Date(endsAt).getTime() - 1);
      const soon = last.getTime() - now.getTime() < 6 * 24 * 3600 * 1000;
      return (language === 'fi' ? fi : en).campaign(pct, soon ? last.getDay() : null, date.format(last));
    },
  };
}

export type Formats = ReturnType<typeof wordsOf>;
