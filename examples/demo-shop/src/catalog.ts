import type { Lang } from './texts.ts';

/** The shop's own products: ids, categories and prices in cents are what it reports to the service. */
export interface Product {
  id: string;
  category: string;
  priceCents: number;
  /** The name and description in each of the shop's languages. */
  words: Record<Lang, { name: string; description: string }>;
}

export const PRODUCTS: Product[] = [
  {
    id: 'jacket',
    category: 'clothes',
    priceCents: 12990,
    words: {
      fi: { name: 'Kuoritakki', description: 'Vedenpitävä takki syksyn sateisiin.' },
      en: { name: 'Shell jacket', description: 'A waterproof jacket for autumn rain.' },
    },
  },
  {
    id: 'boots',
    category: 'shoes',
    priceCents: 8990,
    words: {
      fi: { name: 'Vaelluskengät', description: 'Kevyet ja tukevat kengät poluille.' },
      en: { name: 'Hiking boots', description: 'Light and sturdy boots for the trail.' },
    },
  },
  {
    id: 'backpack',
    category: 'bags',
    priceCents: 5990,
    words: {
      fi: { name: 'Reppu 30 l', description: 'Päiväretken reppu sadesuojalla.' },
      en: { name: 'Backpack 30 l', description: 'A day-hike backpack with a rain cover.' },
    },
  },
  {
    id: 'thermos',
    category: 'gear',
    priceCents: 2490,
    words: {
      fi: { name: 'Termospullo', description: 'Pitää kahvin kuumana koko päivän.' },
      en: { name: 'Thermos flask', description: 'Keeps coffee hot all day.' },
    },
  },
  {
    id: 'socks',
    category: 'clothes',
    priceCents: 1490,
    words: {
      fi: { name: 'Villasukat', description: 'Lämpimät sukat merinovillasta.' },
      en: { name: 'Wool socks', description: 'Warm socks of merino wool.' },
    },
  },
];

export function productById(id: string): Product | undefined {
  return PRODUCTS.find((p) => p.id === id);
}

/** The shop's own customers, registered with the service when they first sign in. */
export const SEEDED_CUSTOMERS = [
  { id: 'shop-aino', email: 'aino@demo-shop.example', name: 'Aino Asiakas', password: 'demo' },
  { id: 'shop-b2b', email: 'osto@yritys.example', name: 'Yritys Oy', password: 'demo' },
];
