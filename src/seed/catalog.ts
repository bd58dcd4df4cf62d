/** The demo shop's products: a small outdoor clothing store with a gift card. */
export const CATALOG = [
  { productId: 'wool-socks', category: 'accessories', unitPriceCents: 1490 },
  { productId: 'beanie', category: 'accessories', unitPriceCents: 2490 },
  { productId: 'merino-shirt', category: 'clothing', unitPriceCents: 5990 },
  { productId: 'fleece-jacket', category: 'clothing', unitPriceCents: 8990 },
  { productId: 'rain-jacket', category: 'clothing', unitPriceCents: 14900 },
  { productId: 'hiking-boots', category: 'shoes', unitPriceCents: 17900 },
  { productId: 'trail-runners', category: 'shoes', unitPriceCents: 12900 },
  { productId: 'backpack-30l', category: 'gear', unitPriceCents: 9990 },
  { productId: 'thermos', category: 'gear', unitPriceCents: 3490 },
  { productId: 'headlamp', category: 'gear', unitPriceCents: 3990 },
] as const;

export const GIFT_CARD = { productId: 'gift-card-50', category: 'gift-cards', unitPriceCents: 5000 } as const;

export const FIRST_NAMES = [
  'Aino',
  'Eero',
  'Helmi',
  'Juho',
  'Lumi',
  'Mikko',
  'Noora',
  'Oskari',
  'Pihla',
  'Sami',
  'Tuuli',
  'Veera',
  'Emma',
  'Liam',
  'Olivia',
  'Noah',
  'Sofia',
  'Elias',
  'Ella',
  'Leo',
] as const;

export const LAST_NAMES = [
  'Virtanen',
  'Korhonen',
  'Mäkinen',
  'Nieminen',
  'Mäkelä',
  'Hämäläinen',
  'Laine',
  'Heikkinen',
  'Koskinen',
  'Järvinen',
  'Lehtonen',
  'Saarinen',
  'Smith',
  'Johansson',
] as const;
