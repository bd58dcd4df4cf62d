import { randomBytes as cryptoRandomBytes } from 'node:crypto';

/**
 * Discount codes are read aloud at a till and typed from an e-mail, so the alphabet leaves out
 * the characters people mix up: 0 and O, 1, I and L. 31 symbols remain: digits 2–9 and the
 * letters A–Z without I, L and O.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** 13 symbols of 31 carry 13 × log2(31) ≈ 64.4 bits: at least 60, as unguessable codes need. */
export const CODE_SYMBOLS = 13;
export const CODE_ENTROPY_BITS = CODE_SYMBOLS * Math.log2(CODE_ALPHABET.length);
/** Groups of four for reading aloud: XXXX-XXXX-XXXX-X. */
const GROUP = 4;

export type RandomBytes = (size: number) => Uint8Array;

// Bytes at or above this would make the first symbols likelier than the rest; they are drawn again.
const ACCEPT_BELOW = 256 - (256 % CODE_ALPHABET.length);

/**
 * `count` new codes from the crypto random generator, each symbol uniform over the alphabet.
 * Uniqueness within a shop is not promised here: the discount_codes primary key refuses a
 * duplicate and the caller draws again (at 64 bits a repeat is practically never seen).
 */
export function generateCodes(count: number, randomBytes: RandomBytes = cryptoRandomBytes): string[] {
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RangeError(`count must be a whole number, got ${count}`);
  const codes: string[] = new Array(count);
  let pool = randomBytes(0);
  let at = 0;
  const symbols = new Array<string>(CODE_SYMBOLS);
  for (let n = 0; n < count; n++) {
    let filled = 0;
    while (filled < CODE_SYMBOLS) {
      if (at >= pool.length) {
        // Enough for the remaining codes plus the few bytes rejection sampling throws away.
        pool = randomBytes(Math.max(64, Math.ceil((count - n) * CODE_SYMBOLS * 1.05)));
        at = 0;
      }
      const byte = pool[at++]!;
      if (byte < ACCEPT_BELOW) symbols[filled++] = CODE_ALPHABET[byte % CODE_ALPHABET.length]!;
    }
    codes[n] = groupSymbols(symbols.join(''));
  }
  return codes;
}

/**
 * What a shopper typed, as the stored code: letter case, spaces and dashes do not matter.
 * Null when it cannot be a code (wrong length, or a symbol outside the alphabet such as O or 1).
 */
export function normalizeCode(input: string): string | null {
  const symbols = input.toUpperCase().replace(/[\s-]+/g, '');
  if (symbols.length !== CODE_SYMBOLS) return null;
  for (const symbol of symbols) if (!CODE_ALPHABET.includes(symbol)) return null;
  return groupSymbols(symbols);
}

function groupSymbols(symbols: string): string {
  const groups: string[] = [];
  for (let i = 0; i < symbols.length; i += GROUP) groups.push(symbols.slice(i, i + GROUP));
  return groups.join('-');
}
