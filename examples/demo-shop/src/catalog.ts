/** The shop's own products: ids, categories and prices in cents are what it reports to the service. */
export interface Product {
  id: string;
  name: string;
  category: string;
  priceCents: number;
  description: string;
}

export const PRODUCTS: Product[] = [
  {
    id: 'jacket',
    name: 'Kuoritakki',
    category: 'clothes',
    priceCents: 12990,
    description: 'Vedenpitävä takki syksyn sateisiin.',
  },
  {
    id: 'boots',
    name: 'Vaelluskengät',
    category: 'shoes',
    priceCents: 8990,
    description: 'Kevyet ja tukevat kengät poluille.',
  },
  {
    id: 'backpack',
    name: 'Reppu 30 l',
    category: 'bags',
    priceCents: 5990,
    description: 'Päiväretken reppu sadesuojalla.',
  },
  {
    id: 'thermos',
    name: 'Termospullo',
    category: 'gear',
    priceCents: 2490,
    description: 'Pitää kahvin kuumana koko päivän.',
  },
  {
    id: 'socks',
    name: 'Villasukat',
    category: 'clothes',
    priceCents: 1490,
    description: 'Lämpimät sukat merinovillasta.',
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

export const formatEuros = (cents: number) =>
  new Intl.NumberFormat('fi-FI', { style: 'currency', currency: 'EUR' }).format(cents / 100);
