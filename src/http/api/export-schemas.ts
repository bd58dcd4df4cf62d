import { z } from 'zod';
import type { CodeExportRow } from '../../app/reports/codes-export.ts';
import type { LedgerExportRow } from '../../app/reports/ledger-export.ts';
import type { MemberExportRow } from '../../app/reports/members-export.ts';
import type { Order } from '../../app/reports/orders-export.ts';
import { MAX_AUTHOR_LENGTH } from '../../domain/limits.ts';
import { customerJson, customerSchema } from './customer-schemas.ts';
import { codeSchema, ledgerEntrySchema } from './member-history.ts';
import { orderJson, orderSchema } from './order-schemas.ts';
import { iso, isoOrNull, safeInt, storeIdOut } from './schemas.ts';

export const memberExportSchema = customerSchema
  .extend({
    validCodes: z
      .object({ count: safeInt().min(0), valueCents: safeInt().min(0) })
      .describe('Codes the member can still spend: active or restored and not expired'),
    latestOrderStoreVersionId: storeIdOut
      .nullable()
      .describe('The store version of the member’s latest order; null before their first order'),
  })
  .meta({
    id: 'MemberExport',
    description:
      'A member (everyone who has joined, those who left included) as `Customer`, with their valid codes. Joining is the consent to the program’s terms (`membership.joinedAt`); no other consent is stored.',
  });

export const ledgerExportSchema = ledgerEntrySchema
  .extend({
    customerId: storeIdOut,
    balanceAfter: safeInt().describe('The member’s balance once this entry was posted'),
  })
  .meta({ id: 'LedgerExport', description: 'A ledger entry as `LedgerEntry`, with its member' });

export const codeExportSchema = codeSchema
  .extend({ customerId: storeIdOut.describe('The code’s owner') })
  .meta({ id: 'DiscountCodeExport', description: 'A code as `DiscountCode`, with its owner' });

export const orderExportSchema = orderSchema
  .extend({ placedByMember: z.boolean().describe('The customer was a member when the order was placed') })
  .meta({ id: 'OrderExport', description: 'An order as `Order`' });

export function memberExportJson(row: MemberExportRow) {
  return {
    ...customerJson(row),
    validCodes: row.validCodes,
    latestOrderStoreVersionId: row.latestOrderStoreVersion?.id ?? null,
  };
}

export function ledgerExportJson(e: LedgerExportRow) {
  return {
    id: e.id,
    kind: e.kind,
    points: e.points,
    refType: e.refType,
    refId: e.refId,
    // An admin user's name is not bounded where it is kept; shown at most this long (as the ledger route does).
    author: e.author === null ? null : e.author.slice(0, MAX_AUTHOR_LENGTH),
    reason: e.reason,
    createdAt: iso(e.createdAt),
    customerId: e.customerId,
    balanceAfter: e.balanceAfter,
  };
}

export function codeExportJson(c: CodeExportRow) {
  return {
    code: c.code,
    period: c.period,
    valueCents: c.valueCents,
    points: c.points,
    status: c.status,
    issuedAt: iso(c.issuedAt),
    expiresAt: iso(c.expiresAt),
    validUntil: iso(c.validUntil),
    usedOrderId: c.usedOrderId,
    usedAt: isoOrNull(c.usedAt),
    customerId: c.customerId,
  };
}

export function orderExportJson(o: Order) {
  return { ...orderJson(o), placedByMember: o.placed_by_member };
}
