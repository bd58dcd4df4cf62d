import type { LedgerEntry } from '../../domain/ledger/entries.ts';

/**
 * The columns of a statement's row that carry the ledger entry the row's event takes points back
 * with (a cancellation's, a return's), all null when it takes none: the statement hands them to
 * the ledger's writer.
 */
export function entryRow(entry: LedgerEntry | null) {
  return {
    customer_id: entry?.customerId ?? null,
    kind: entry?.kind ?? null,
    points: entry?.points ?? null,
    ref_type: entry?.refType ?? null,
    ref_id: entry?.refId ?? null,
    entry_key: entry?.idempotencyKey ?? null,
  };
}
