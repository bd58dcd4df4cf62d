import type { Executor } from '../../db/connect.ts';
import type { CustomerColumn, MemberColumn, OrderColumn } from '../../domain/import/columns.ts';
import { CustomerRows, type ImportedCustomer } from '../../domain/import/customer-rows.ts';
import type { Header } from '../../domain/import/header.ts';
import type { ImportedOrder } from '../../domain/import/imported-order.ts';
import { type ImportedMember, MemberRows } from '../../domain/import/member-rows.ts';
import type { ShopVersions } from '../../domain/import/order-head.ts';
import { OrderRows } from '../../domain/import/order-rows.ts';
import type { ProblemList } from '../../domain/import/problems.ts';
import type { RowReader } from '../../domain/import/rows.ts';
import { type Membership, wasMemberAt } from '../../domain/members/membership.ts';
import { customerFacts } from './customer-facts.ts';
import { writeCustomers } from './write-customers.ts';
import { writeMembers } from './write-members.ts';
import { type OrderBatchSets, orderBatchSets, writeOrders } from './write-orders.ts';

/**
 * One kind of file's way into the database: the reader of its rows, and what a batch of them needs
 * there: checked against the shop's data (customers must be known), then written unless told not
 * to. The counts end up in the import's summary.
 */
export interface ImportSink<T, B = T[]> {
  /** Rows per statement: a few thousand, the size at which a statement costs about what COPY would. */
  readonly batchSize: number;
  reader(header: Header, problems: ProblemList): RowReader<T>;
  /**
   * What can be made of a batch without the database (`write` says whether it will be written),
   * made while the batch before it is still being written.
   */
  prepare(items: T[], write: boolean): B;
  flush(db: Executor, batch: B, write: boolean, problems: ProblemList): Promise<void>;
  readonly summary: Record<string, number>;
}

export interface SinkInput {
  shopId: string;
  importId: string;
  now: Date;
  author: string;
  fileName: string;
  decimalComma: boolean;
  versions: ShopVersions;
}

export function customersSink(input: SinkInput): ImportSink<ImportedCustomer> {
  const summary: Record<string, number> = { customers: 0, written: 0, alreadyThere: 0 };
  return {
    batchSize: 5000,
    summary,
    prepare: (customers) => customers,
    reader(header, problems) {
      // Only a file that has consents says how many were recorded.
      if ((header as Header<CustomerColumn>).index.marketing_consent !== -1)
        Object.assign(summary, { consentsRecorded: 0, consentsAsTheyWere: 0 });
      return new CustomerRows(header as Header<CustomerColumn>, problems, { nowMs: input.now.getTime() });
    },
    async flush(db, customers, write) {
      summary.customers! += customers.length;
      if (!write) return;
      const written = await writeCustomers(db, input, customers);
      summary.written! += written.customers;
      summary.alreadyThere! += customers.length - written.customers;
      if (summary.consentsRecorded === undefined) return;
      summary.consentsRecorded += written.consents;
      summary.consentsAsTheyWere! += written.consentsInFile - written.consents;
    },
  };
}

export function membersSink(input: SinkInput): ImportSink<ImportedMember> {
  const summary = { members: 0, joined: 0, alreadyMembers: 0, openingBalances: 0, openingPoints: 0 };
  return {
    batchSize: 5000,
    summary,
    prepare: (members) => members,
    reader: (header, problems) =>
      new MemberRows(header as Header<MemberColumn>, problems, { nowMs: input.now.getTime() }),
    async flush(db, members, write, problems) {
      summary.members += members.length;
      const known = await customerFacts(db, input.shopId, [...new Set(members.map((m) => m.customerId))]);
      for (const m of members) {
        if (!known.has(m.customerId)) problems.value(m.line, 'customer_id', m.customerId, 'unknown_customer');
      }
      if (!write || !problems.none) return;
      const written = await writeMembers(db, input, members);
      summary.joined += written.joined;
      summary.alreadyMembers += members.length - written.joined;
      summary.openingBalances += written.openingBalances;
      summary.openingPoints += Number(written.openingPoints);
    },
  };
}

/** Customers whose membership an orders import keeps between batches (a bound: about 20 MB). */
const KNOWN_CUSTOMERS_KEPT = 200_000;

/** A batch of orders, with its statement's recordsets when it is to be written. */
interface OrderBatch {
  orders: ImportedOrder[];
  sets: OrderBatchSets | null;
}

export function ordersSink(input: SinkInput): ImportSink<ImportedOrder, OrderBatch> {
  const summary = { orders: 0, written: 0, alreadyThere: 0, lines: 0, returns: 0, reviews: 0 };
  // A customer orders again and again: their membership is read once, not in every batch.
  const known = new Map<string, Membership>();
  return {
    batchSize: 2000,
    summary,
    reader: (header, problems) =>
      new OrderRows(header as Header<OrderColumn>, problems, {
        nowMs: input.now.getTime(),
        decimalComma: input.decimalComma,
        versions: input.versions,
      }),
    prepare: (orders, write) => ({ orders, sets: write ? orderBatchSets(orders) : null }),
    async flush(db, { orders, sets }, write, problems) {
      summary.orders += orders.length;
      const ask = new Set<string>();
      for (const o of orders) if (o.customerId !== null && !known.has(o.customerId)) ask.add(o.customerId);
      const found = await customerFacts(db, input.shopId, [...ask]);
      if (known.size + found.size > KNOWN_CUSTOMERS_KEPT) known.clear();
      const membershipOf = (id: string) => known.get(id) ?? found.get(id);
      for (const [id, membership] of found) known.set(id, membership);
      const placedByMember = orders.map((o) => {
        if (o.customerId === null) return false;
        const membership = membershipOf(o.customerId);
        if (!membership) {
          problems.value(o.line, 'customer_id', o.customerId, 'unknown_customer');
          return false;
        }
        return wasMemberAt(membership, new Date(o.placedAt));
      });
      if (!write || !problems.none || sets === null) return;
      const written = await writeOrders(db, input, sets, placedByMember);
      summary.written += written.orders;
      summary.alreadyThere += orders.length - written.orders;
      summary.lines += written.lines;
      summary.returns += written.returns;
      summary.reviews += written.reviews;
    },
  };
}
