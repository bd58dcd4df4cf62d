/**
 * The text of a member's QR code, shown on My Account and read at the till: `LOYALTY-<member
 * number>`. It names a member of one shop by the number the shop gave them, nothing more: the till
 * is signed in to its shop, and the number alone gives no points away.
 */
export const MEMBER_QR_PREFIX = 'LOYALTY-';

export function memberQrText(memberNumber: number): string {
  return `${MEMBER_QR_PREFIX}${memberNumber}`;
}

/** What the text typed or scanned into the till's search field asks for. */
export type TillSearch =
  | { kind: 'qr'; memberNumber: number }
  | { kind: 'email'; email: string }
  /** Only digits: a member number, or a phone number written without spaces. */
  | { kind: 'digits'; memberNumber: number; digits: string }
  | { kind: 'phone'; phone: string };

/** The fewest digits a phone number is searched by (as `findMembers` requires). */
export const PHONE_MIN_DIGITS = 5;

/**
 * Reads the till's search text: a scanned QR text (any letter case, as a keyboard-wedge scanner
 * with caps lock may type it), an e-mail address, a member number or a phone number. Null when it
 * is none of them.
 */
export function parseTillSearch(text: string): TillSearch | null {
  const t = text.trim();
  const qr = /^loyalty-(\d{1,15})$/i.exec(t);
  if (qr) return { kind: 'qr', memberNumber: Number(qr[1]) };
  if (t.includes('@'))
    return /^[^\s@]+@[^\s@]+$/.test(t) && t.length <= 254 ? { kind: 'email', email: t } : null;
  if (/^\d{1,15}$/.test(t)) return { kind: 'digits', memberNumber: Number(t), digits: t };
  const digits = t.replace(/\D/g, '');
  if (/^\+?[\d\s\-().]+$/.test(t) && digits.length >= PHONE_MIN_DIGITS && digits.length <= 15)
    return { kind: 'phone', phone: t };
  return null;
}
