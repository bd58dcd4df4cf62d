import { IANAZone } from 'luxon';
import { DomainError, type FieldError } from '../errors.ts';
import { MAX_NAME_LENGTH, MAX_TIME_ZONE_LENGTH } from '../limits.ts';
import { DEFAULT_TIME_ZONE, LANGUAGES, type Language } from '../program/settings.ts';

/**
 * A shop's id: a lower-case slug of 2 to 63 characters (letters a–z, digits and dashes, not
 * starting with a dash), so that it reads well in URLs (`/admin/login?shop=…`,
 * `/shops/<id>/loyalty`) and in file names.
 */
export const SHOP_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const MAX_SHOP_ID_LENGTH = 63;
export const SHOP_ID_RULE =
  '2–63 characters: lower-case letters a–z, digits and dashes, not starting with a dash';

/** Currencies a shop may have; amounts are cents of it. Only euros for now. */
export const SHOP_CURRENCIES = ['EUR'] as const;
export type ShopCurrency = (typeof SHOP_CURRENCIES)[number];

/** What a shop is created with; its program's settings start from the time zone, language and currency. */
export interface ShopProfile {
  id: string;
  name: string;
  timeZone: string;
  language: Language;
  currency: ShopCurrency;
}

export interface NewShopInput {
  id: string;
  name: string;
  timeZone?: string | undefined;
  language?: string | undefined;
  currency?: string | undefined;
}

/** The profile of a new shop, or `invalid_input` listing every field that is not valid. */
export function newShopProfile(input: NewShopInput): ShopProfile {
  const errors: FieldError[] = [];
  const name = input.name.trim();
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const language = input.language ?? 'fi';
  const currency = input.currency ?? 'EUR';
  if (!SHOP_ID_PATTERN.test(input.id)) {
    errors.push({ field: 'id', message: `"${input.id.slice(0, 100)}" is not a shop id: ${SHOP_ID_RULE}` });
  }
  if (!name || name.length > MAX_NAME_LENGTH) {
    errors.push({ field: 'name', message: `A name of 1 to ${MAX_NAME_LENGTH} characters` });
  }
  if (timeZone.length > MAX_TIME_ZONE_LENGTH || !IANAZone.isValidZone(timeZone)) {
    errors.push({
      field: 'timeZone',
      message: `"${timeZone.slice(0, 100)}" is not an IANA time zone such as Europe/Helsinki`,
    });
  }
  if (!(LANGUAGES as readonly string[]).includes(language)) {
    errors.push({ field: 'language', message: `The language is ${LANGUAGES.join(' or ')}` });
  }
  if (!(SHOP_CURRENCIES as readonly string[]).includes(currency)) {
    errors.push({
      field: 'currency',
      message: `"${currency.slice(0, 10)}" is not supported: the service works in ${SHOP_CURRENCIES.join(', ')} only for now`,
    });
  }
  if (errors.length) throw new DomainError('invalid_input', 'The shop is not valid', errors);
  return { id: input.id, name, timeZone, language: language as Language, currency: currency as ShopCurrency };
}
