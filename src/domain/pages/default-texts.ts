import type { Language } from '../program/settings.ts';

export type PageKind = 'intro' | 'terms';

/**
 * The texts every program starts with. A blank line separates paragraphs, "# " starts a
 * heading and "- " a list item; interface tags in braces show the current settings.
 */
const DEFAULTS: Record<Language, Record<PageKind, string>> = {
  fi: {
    intro: `# {LoyaltyProgramName}

Liity kanta-asiakkaaksi ja kerää pisteitä jokaisesta ostoksestasi. Pisteet muuttuvat joka kuukauden alussa automaattisesti alennuskoodiksi, jonka voit käyttää verkkokaupassa tai myymälässä.

# Näin keräät pisteitä
- Ostoksista kertyy {LoyaltyProgramPurchaseRatio}.
- Liittymisestä saat {LoyaltyProgramJoinPoints} pistettä.
- Jokaisesta tilauksesta, jonka tuotteita arvioit, saat {LoyaltyProgramReviewPoints} pistettä, kun arvostelu on hyväksytty.

# Pisteistä alennuksiksi
{LoyaltyProgramDiscountTiers}

Ensimmäiseen alennuskoodiin tarvitset {LoyaltyProgramDiscountTierPoints} pistettä. Saat joka kuukausi yhden koodin, arvokkaimman johon pisteesi riittävät, ja loput pisteet säilyvät. Koodi on voimassa {LoyaltyProgramCodeValidityMonths}.`,
    terms: `# {LoyaltyProgramName}: ehdot

- Kanta-asiakkaaksi voi liittyä rekisteröitynyt asiakas. Pisteitä kertyy vain ostoksista, jotka teet kirjautuneena tai tunnistautuneena myymälän kassalla.
- Ostoksista kertyy {LoyaltyProgramPurchaseRatio} tuotteiden hinnoista alennusten jälkeen. Toimitus- ja maksukuluista sekä lahjakorteista ei kerry pisteitä.
- Pisteet kirjataan, kun tilaus on toimitettu. Palautetuista tuotteista kertyneet pisteet vähennetään, vaikka saldo painuisi miinukselle.
- Kanta-asiakasohjelmaan liittymisestä saat kerran {LoyaltyProgramJoinPoints} pistettä.
- Tuotearvostelusta saat {LoyaltyProgramReviewPoints} pistettä tilausta kohden, kun ensimmäinen arvostelu on hyväksytty.
- Pisteet muutetaan joka kuukauden ensimmäisenä päivänä alennuskoodiksi näiden tasojen mukaan: {LoyaltyProgramDiscountTiers}.
- Kuukaudessa saat enintään yhden koodin. Koodiin käytetyt pisteet vähennetään saldosta; loput pisteet säilyvät ilman takarajaa.
- Alennuskoodi on henkilökohtainen ja kertakäyttöinen, ja se on voimassa {LoyaltyProgramCodeValidityMonths} myöntämisestä. Koodilla ei voi ostaa lahjakortteja, eikä käyttämättä jäävää osaa hyvitetä.`,
  },
  en: {
    intro: `# {LoyaltyProgramName}

Join our loyalty program and earn points on every purchase. At the start of every month your points turn into a discount code automatically, to use in our web shop or in store.

# How you earn points
- Purchases earn {LoyaltyProgramPurchaseRatio}.
- Joining earns {LoyaltyProgramJoinPoints} points.
- Each order whose products you review earns {LoyaltyProgramReviewPoints} points once the review is approved.

# From points to discounts
{LoyaltyProgramDiscountTiers}

Your first discount code takes {LoyaltyProgramDiscountTierPoints} points. Every month you get one code, the most valuable your points reach, and the rest of your points stay. A code is valid for {LoyaltyProgramCodeValidityMonths}.`,
    terms: `# {LoyaltyProgramName}: terms

- Registered customers can join. Points are earned only on purchases made while signed in, or identified at the till in store.
- Purchases earn {LoyaltyProgramPurchaseRatio} of product prices after discounts. Shipping, payment fees and gift cards earn no points.
- Points are credited when the order has been delivered. Points earned on returned products are deducted, even if the balance becomes negative.
- Joining the loyalty program earns {LoyaltyProgramJoinPoints} points once.
- A product review earns {LoyaltyProgramReviewPoints} points per order once the first review is approved.
- On the first day of every month points are converted into a discount code by these tiers: {LoyaltyProgramDiscountTiers}.
- You get at most one code a month. The points of the code are deducted from your balance; the rest stay with no time limit.
- A discount code is personal and single-use, valid for {LoyaltyProgramCodeValidityMonths} from when it was issued. It cannot buy gift cards, and any unused part is not refunded.`,
  },
};

export function defaultPageText(kind: PageKind, language: Language): string {
  return DEFAULTS[language][kind];
}
