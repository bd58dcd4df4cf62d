import type { LedgerEntry } from '../ledger/entries.ts';
import { MAX_AUTHOR_LENGTH, MAX_REASON_LENGTH } from '../limits.ts';

/** The key of a member's opening balance: once per member, so importing the file again posts nothing. */
export const openingBalanceKey = (customerId: string) => `import:opening:${customerId}`;

/** The reason an opening balance carries: "import" and the file it came from. */
export function openingBalanceReason(fileName: string): string {
  const reason = `import: ${fileName}`;
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}

/**
 * The points a member brings from the shop's earlier program, as a merchant's adjustment (the
 * ledger's kinds are part of the API; an opening balance is one more change the merchant made):
 * reason "import: <file>", the importing user as author, the member as reference.
 */
export function openingBalanceEntry(input: {
  shopId: string;
  customerId: string;
  points: number;
  at: Date;
  author: string;
  fileName: string;
}): LedgerEntry {
  return {
    shopId: input.shopId,
    customerId: input.customerId,
    kind: 'adjustment',
    points: input.points,
    refType: 'member',
    refId: input.customerId,
    idempotencyKey: openingBalanceKey(input.customerId),
    author: input.author.slice(0, MAX_AUTHOR_LENGTH),
    reason: openingBalanceReason(input.fileName),
    at: input.at,
  };
}
