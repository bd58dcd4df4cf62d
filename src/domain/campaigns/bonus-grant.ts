import type { FieldError } from '../errors.ts';
import { MAX_ADJUSTMENT_POINTS, MAX_REASON_LENGTH, MAX_STORE_ID_LENGTH } from '../limits.ts';

/** Customers one bonus grant may name (a CSV of a large segment fits; a bigger one is split). */
export const MAX_GRANT_CUSTOMERS = 100_000;

export interface BonusGrantDraft {
  grantId: string;
  customerIds: readonly string[];
  points: number;
  reason: string;
}

/**
 * A bonus grant as asked: an id (what makes it count once), at least one customer, points above 0
 * within a manual adjustment's bound, and a reason. The customer ids come back trimmed, each once.
 */
export function bonusGrantErrors(draft: BonusGrantDraft): { errors: FieldError[]; customerIds: string[] } {
  const errors: FieldError[] = [];
  const grantId = draft.grantId.trim();
  if (!grantId || grantId.length > MAX_STORE_ID_LENGTH) {
    errors.push({ field: 'grantId', message: `1–${MAX_STORE_ID_LENGTH} characters` });
  }
  if (!Number.isSafeInteger(draft.points) || draft.points <= 0 || draft.points > MAX_ADJUSTMENT_POINTS) {
    errors.push({ field: 'points', message: `A whole number from 1 to ${MAX_ADJUSTMENT_POINTS}` });
  }
  const reason = draft.reason.trim();
  if (!reason) errors.push({ field: 'reason', message: 'A reason is required' });
  else if (reason.length > MAX_REASON_LENGTH) {
    errors.push({ field: 'reason', message: `At most ${MAX_REASON_LENGTH} characters` });
  }
  const customerIds = [...new Set(draft.customerIds.map((id) => id.trim()).filter((id) => id !== ''))];
  if (customerIds.length === 0) errors.push({ field: 'customerIds', message: 'Name at least one customer' });
  if (customerIds.length > MAX_GRANT_CUSTOMERS) {
    errors.push({ field: 'customerIds', message: `At most ${MAX_GRANT_CUSTOMERS} customers in one grant` });
  }
  const long = customerIds.findIndex((id) => id.length > MAX_STORE_ID_LENGTH);
  if (long >= 0)
    errors.push({ field: 'customerIds', message: `"${customerIds[long]!.slice(0, 20)}…" is too long` });
  return { errors, customerIds };
}

/**
 * The customer ids in a pasted list or an uploaded CSV: one per line, the first column of each
 * (comma or semicolon separated, quotes removed); a first line that names a column
 * (`customer_id`, `customerId`, `id`, `asiakas`) is a header.
 */
export function customerIdsFromCsv(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const ids = lines
    .map((line) =>
      line
        .split(/[;,\t]/)[0]!
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim(),
    )
    .filter((id) => id !== '');
  if (ids.length > 0 && /^(customer[_ ]?id|id|asiakas(numero|tunnus)?)$/i.test(ids[0]!)) ids.shift();
  return ids;
}
