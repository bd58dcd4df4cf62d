/**
 * The shop's own words in its two languages. A shopper switches with `?lang=en` or `?lang=fi` on
 * any page; the page then tells the storefront elements its language (the `loyalty-language`
 * meta tag), so they speak it too, with its number, money and date formats.
 */
export type Lang = 'fi' | 'en';

const fi = {
  locale: 'fi-FI',
  otherLanguage: { lang: 'en' as Lang, label: 'In English' },
  mainMenu: 'Päävalikko',
  products: 'Tuotteet',
  cart: 'Ostoskori',
  account: 'Oma tili',
  signIn: 'Kirjaudu',
  signOut: 'Kirjaudu ulos',
  register: 'Rekisteröidy',
  consumers: 'Kuluttajat',
  business: 'Yritysasiakkaat (B2B)',
  backOffice: 'Ylläpito',
  quantity: 'Määrä',
  addToCart: 'Lisää ostoskoriin',
  product: 'Tuote',
  price: 'Hinta',
  total: 'Yhteensä',
  emptyCart: 'Ostoskori on tyhjä.',
  loyaltyCode: 'Kanta-asiakkaan alennuskoodi',
  order: 'Tilaa',
  signInToOrder: ['Kirjaudu sisään', 'tilataksesi.'],
  name: 'Nimi',
  email: 'Sähköposti',
  password: 'Salasana',
  orders: 'Tilaukset',
  orderColumns: ['Tilaus', 'Tila', 'Summa', 'Koodi', 'Toiminnot'],
  review: (product: string) => `Arvostele ${product}`,
  orderPlaced: (id: string) => `Tilaus ${id} vastaanotettu`,
  notFound: 'Ei löytynyt',
  emailTaken: 'Sähköposti on jo käytössä',
  wrongPassword: 'Väärä sähköposti tai salasana',
  signInFirst: 'Kirjaudu ensin sisään',
  codeRefused: 'Koodia ei voi käyttää',
  /** The shop's own words for the service's refusal reasons (docs/api.md, Flows); its message is English. */
  refusals: {
    not_found: 'Koodia ei löydy.',
    used: 'Koodi on jo käytetty.',
    expired: 'Koodi on vanhentunut.',
    hidden_in_version: 'Kanta-asiakaskoodit eivät käy tässä kaupassa.',
    not_member: 'Koodi käy vain kanta-asiakkaalle.',
    not_logged_in: 'Kirjaudu sisään käyttääksesi koodia.',
    only_gift_cards: 'Koodilla ei voi maksaa lahjakortteja.',
    nothing_to_discount: 'Ostoskorissa ei ole alennettavaa.',
  } as Record<string, string>,
};

const en: typeof fi = {
  locale: 'en-GB',
  otherLanguage: { lang: 'fi', label: 'Suomeksi' },
  mainMenu: 'Main menu',
  products: 'Products',
  cart: 'Cart',
  account: 'My account',
  signIn: 'Sign in',
  signOut: 'Sign out',
  register: 'Register',
  consumers: 'Consumers',
  business: 'Business customers (B2B)',
  backOffice: 'Back office',
  quantity: 'Quantity',
  addToCart: 'Add to cart',
  product: 'Product',
  price: 'Price',
  total: 'Total',
  emptyCart: 'Your cart is empty.',
  loyaltyCode: 'Loyalty discount code',
  order: 'Place order',
  signInToOrder: ['Sign in', 'to order.'],
  name: 'Name',
  email: 'E-mail',
  password: 'Password',
  orders: 'Orders',
  orderColumns: ['Order', 'Status', 'Total', 'Code', 'Actions'],
  review: (product: string) => `Review ${product}`,
  orderPlaced: (id: string) => `Order ${id} received`,
  notFound: 'Not found',
  emailTaken: 'This e-mail address is already in use',
  wrongPassword: 'Wrong e-mail or password',
  signInFirst: 'Sign in first',
  codeRefused: 'The code cannot be used',
  refusals: {
    not_found: 'No such code.',
    used: 'The code has already been used.',
    expired: 'The code has expired.',
    hidden_in_version: 'Loyalty codes are not accepted in this shop.',
    not_member: 'The code is for loyalty members only.',
    not_logged_in: 'Sign in to use the code.',
    only_gift_cards: 'A code cannot pay for gift cards.',
    nothing_to_discount: 'Nothing in the cart can be discounted.',
  },
};

export const TEXTS: Record<Lang, typeof fi> = { fi, en };
export type Texts = typeof fi;

/** A price in the language's format: `129,90 €` or `€129.90`. */
export const formatEuros = (cents: number, lang: Lang = 'fi') =>
  new Intl.NumberFormat(TEXTS[lang].locale, { style: 'currency', currency: 'EUR' }).format(cents / 100);
