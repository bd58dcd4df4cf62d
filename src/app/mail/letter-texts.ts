import type { Language } from '../../domain/program/settings.ts';

/** What every letter to a member says the same way: the greeting, the balance, the link and the close. */
export interface LetterTexts {
  greeting(name: string | null): string;
  balance: string;
  myAccount: string;
  regards: string;
}

export const LETTER_TEXTS: Record<Language, LetterTexts> = {
  fi: {
    greeting: (name) => (name ? `Hei ${name},` : 'Hei,'),
    balance: 'Pistesaldosi',
    myAccount: 'Omat tiedot',
    regards: 'Ystävällisin terveisin',
  },
  en: {
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    balance: 'Your points balance',
    myAccount: 'My Account',
    regards: 'Kind regards,',
  },
};
