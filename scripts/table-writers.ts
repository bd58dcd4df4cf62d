// The tables with one writer, and the search for writes to them from anywhere else: used by
// scripts/check-layers.ts (rule "writer"). See docs/architecture.md, "One writer per table".

/**
 * Tables with one writer: the files (or folders, ending in `/`) that may insert into, update or
 * delete from each. Every other module hands its writes to these.
 */
export const TABLE_WRITERS: Record<string, string[]> = {
  ledger_entries: ['src/app/ledger/ledger-writer.ts'],
  member_balances: ['src/app/ledger/ledger-writer.ts'],
  discount_codes: ['src/app/codes/code-writes.ts'],
  mail_outbox: ['src/app/mail/'],
  order_figure_changes: ['src/app/orders/order-figure-changes.ts', 'src/app/reports/order-figures.ts'],
  order_figures: ['src/app/reports/order-figures.ts'],
  customer_first_orders: ['src/app/orders/first-orders.ts'],
  billing_subscriptions: ['src/app/billing/billing-writes.ts'],
  billing_months: ['src/app/billing/billing-writes.ts'],
  billing_invoice_lines: ['src/app/billing/billing-writes.ts'],
  billing_billed_events: ['src/app/billing/billing-writes.ts'],
};

/** Writes in SQL text and in the query builder; the table's name is the first group. */
const TABLE_WRITES = [
  /\binsert\s+into\s+(\w+)/gi,
  /\bupdate\s+(?!set\b)(\w+)/gi,
  /\bdelete\s+from\s+(\w+)/gi,
  /\btruncate\s+(?:table\s+)?(\w+)/gi,
  /\.(?:insertInto|updateTable|deleteFrom|mergeInto)\(\s*'(\w+)'/g,
];

/** The writes to tables with one writer that `file` makes without being one of their writers. */
export function foreignTableWrites(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, n) => {
    if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // a comment may name a write
    for (const pattern of TABLE_WRITES) {
      for (const match of line.matchAll(pattern)) {
        const table = match[1]!;
        const writers = TABLE_WRITERS[table];
        if (!writers) continue;
        if (writers.some((w) => (w.endsWith('/') ? file.startsWith(w) : file === w))) continue;
        found.push(`${file}:${n + 1} writes ${table}, whose writer is ${writers.join(' or ')}`);
      }
    }
  });
  return found;
}
