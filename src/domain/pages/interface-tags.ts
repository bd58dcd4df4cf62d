import { formatEuros } from '../money.ts';
import type { Language, ProgramSettings } from '../program/settings.ts';

/** The interface tags a page may hold, each rendering one part of the current settings. */
export const INTERFACE_TAGS = [
  'LoyaltyProgramName',
  'LoyaltyProgramPurchaseRatio',
  'LoyaltyProgramJoinPoints',
  'LoyaltyProgramReviewPoints',
  'LoyaltyProgramDiscountTiers',
  'LoyaltyProgramDiscountTierPoints',
  'LoyaltyProgramDiscountTierValue',
  'LoyaltyProgramCodeValidityMonths',
] as const;
export type InterfaceTag = (typeof INTERFACE_TAGS)[number];

export const TAG_DESCRIPTIONS: Record<Language, Record<InterfaceTag, string>> = {
  fi: {
    LoyaltyProgramName: 'ohjelman nimi',
    LoyaltyProgramPurchaseRatio: 'ostojen suhdeluku, esim. "1 piste jokaista 1,00 € kohden"',
    LoyaltyProgramJoinPoints: 'liittymispisteet; rivi poistuu, kun arvo on 0',
    LoyaltyProgramReviewPoints: 'arvostelupisteet; rivi poistuu, kun arvo on 0',
    LoyaltyProgramDiscountTiers: 'alennuskoodien tasot luettelona',
    LoyaltyProgramDiscountTierPoints: 'ensimmäisen tason pisteet',
    LoyaltyProgramDiscountTierValue: 'ensimmäisen tason koodin arvo',
    LoyaltyProgramCodeValidityMonths: 'koodien voimassaoloaika',
  },
  en: {
    LoyaltyProgramName: 'the program’s name',
    LoyaltyProgramPurchaseRatio: 'the purchase ratio, e.g. "1 point for every €1.00"',
    LoyaltyProgramJoinPoints: 'join points; the line disappears when they are 0',
    LoyaltyProgramReviewPoints: 'review points; the line disappears when they are 0',
    LoyaltyProgramDiscountTiers: 'the discount code tiers as a list',
    LoyaltyProgramDiscountTierPoints: 'points of the first tier',
    LoyaltyProgramDiscountTierValue: 'code value of the first tier',
    LoyaltyProgramCodeValidityMonths: 'how long codes are valid',
  },
};

export type PageSettings = Pick<
  ProgramSettings,
  'name' | 'purchaseRatioCents' | 'joinPoints' | 'reviewPoints' | 'tiers' | 'codeValidityMonths' | 'language'
>;

// Built once: an Intl format costs far more to build than to use.
const NUMBERS: Record<Language, Intl.NumberFormat> = {
  fi: new Intl.NumberFormat('fi-FI'),
  en: new Intl.NumberFormat('en-IE'),
};

/** Each tag's text for these settings; the tier list is one line per tier. */
export function tagValues(settings: PageSettings): Record<InterfaceTag, string | string[]> {
  const lang = settings.language;
  const n = (value: number) => NUMBERS[lang].format(value);
  const euros = (cents: number) => formatEuros(cents, lang);
  const cheapest = [...settings.tiers].sort((a, b) => a.points - b.points)[0];
  const months = settings.codeValidityMonths;
  return {
    LoyaltyProgramName: settings.name,
    LoyaltyProgramPurchaseRatio:
      lang === 'fi'
        ? `1 piste jokaista ${euros(settings.purchaseRatioCents)} kohden`
        : `1 point for every ${euros(settings.purchaseRatioCents)}`,
    LoyaltyProgramJoinPoints: n(settings.joinPoints),
    LoyaltyProgramReviewPoints: n(settings.reviewPoints),
    LoyaltyProgramDiscountTiers: settings.tiers.map((t) =>
      lang === 'fi'
        ? `${n(t.points)} pistettä = ${euros(t.valueCents)}`
        : `${n(t.points)} points = ${euros(t.valueCents)}`,
    ),
    LoyaltyProgramDiscountTierPoints: cheapest ? n(cheapest.points) : '',
    LoyaltyProgramDiscountTierValue: cheapest ? euros(cheapest.valueCents) : '',
    LoyaltyProgramCodeValidityMonths:
      lang === 'fi'
        ? months === 1
          ? '1 kuukauden'
          : `${months} kuukautta`
        : months === 1
          ? '1 month'
          : `${months} months`,
  };
}
