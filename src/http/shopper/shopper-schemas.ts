import { z } from 'zod';
import type { Membership, Visibility } from '../../app/shopper/shopper-account.ts';
import type { ShopperProgram } from '../../app/shopper/shopper-program.ts';
import {
  MAX_CODE_LENGTH,
  MAX_CODE_VALUE_CENTS,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  MAX_PAGE_SIZE,
  MAX_TIER_POINTS,
} from '../../domain/limits.ts';
import { LANGUAGES, PURCHASE_RATIOS } from '../../domain/program/settings.ts';
import { campaignBadgeSchema } from '../api/campaign-badge.ts';
import { ledgerEntrySchema } from '../api/member-history.ts';
import { isoTime, safeInt, shopParams, storeId, storeIdOut, text } from '../api/schemas.ts';

export const versionParams = shopParams.extend({
  storeVersionId: storeId.describe('The store version (storefront) the shopper is on'),
});

const visibilityFields = {
  visible: z.boolean().describe('Whether the program shows in this store version; when false, show nothing'),
  reason: z
    .enum(['no_program', 'program_not_published', 'version_not_selected', 'login_required'])
    .nullable()
    .describe(
      'Why it does not show: the shop has no program, it is not published, this store version is not selected (hidden), or the version requires login (B2B, never shown); null when visible',
    ),
};

export const shopperProgramSchema = z
  .object({
    object: z.literal('shopper_program'),
    shopId: storeIdOut,
    storeVersionId: storeIdOut,
    ...visibilityFields,
    program: z
      .object({
        name: text(100),
        language: z.enum(LANGUAGES).describe('The language to show the program in'),
        ratioCents: z
          .int()
          .min(Math.min(...PURCHASE_RATIOS))
          .max(Math.max(...PURCHASE_RATIOS))
          .describe('Eligible cents per point'),
        pointsPerEuro: z.number().min(0.1).max(10).describe('Points per euro spent: 10, 1 or 0.1'),
        joinPoints: z.int().min(0).describe('Points for joining (once per customer)'),
        introUrl: text(2000).describe('The program’s intro page, for a link from product pages and the cart'),
        termsUrl: text(2000).describe('The program’s terms page'),
      })
      .nullable()
      .describe('Null when the program does not show here'),
  })
  .meta({ id: 'ShopperProgram' });

export const shopperPreviewSchema = z
  .object({
    object: z.literal('shopper_points_preview'),
    ...visibilityFields,
    points: safeInt().describe('Points on delivery; 0 where the program does not show'),
    campaign: campaignBadgeSchema,
  })
  .meta({ id: 'ShopperPointsPreview' });

const membershipFields = {
  object: z.literal('shopper_membership'),
  shopId: storeIdOut,
  customerId: storeIdOut,
  storeVersionId: storeIdOut,
  ...visibilityFields,
  member: z.boolean().describe('A member now'),
  memberNumber: z.int().min(1).nullable(),
  balance: safeInt().describe('Points now; 0 for a non-member'),
  nextTier: z
    .object({
      points: z.int().min(1).max(MAX_TIER_POINTS),
      valueCents: z.int().min(1).max(MAX_CODE_VALUE_CENTS),
      pointsMissing: z.int().min(1).describe('Points still to earn to reach it'),
    })
    .nullable()
    .describe('The cheapest reward tier the balance has not reached; null when it reaches every tier'),
  qrText: text(40)
    .nullable()
    .describe('The text of the member QR code for the till, `LOYALTY-<memberNumber>`; null for a non-member'),
};

export const membershipSchema = z.object(membershipFields).meta({ id: 'ShopperMembership' });
export const joinedSchema = z
  .object({
    ...membershipFields,
    pointsCredited: z.int().min(0).describe('Join points credited now (paid once per customer, ever)'),
  })
  .meta({ id: 'ShopperJoined' });

/**
 * A list of the shopper's own, with whether the program shows in their store version: where it
 * does not, the list is empty and `reason` says why.
 */
function visibleListSchema<T extends z.ZodType>(item: T, max?: number) {
  return z.object({
    object: z.literal('list'),
    ...visibilityFields,
    data: max === undefined ? z.array(item) : z.array(item).max(max),
  });
}

/** The answer of a {@link visibleListSchema}: each row as the API shows it. */
export function visibleListJson<R, J>(list: Visibility, rows: readonly R[], json: (row: R) => J) {
  return { object: 'list' as const, ...visibilityJson(list), data: rows.map((row) => json(row)) };
}

export const shopperLedgerSchema = visibleListSchema(
  // A shopper's own ledger leaves out the staff's side of an adjustment: who made it and their reason.
  ledgerEntrySchema.omit({ author: true, reason: true }).extend({
    refId: text(MAX_IDEMPOTENCY_KEY_LENGTH).describe('The order, return, review or month the entry is about'),
  }),
  MAX_PAGE_SIZE,
)
  .extend({
    nextBefore: z
      .int()
      .min(1)
      .nullable()
      .describe('Pass as `before` for the next (older) page; null at the end'),
  })
  .meta({ id: 'ShopperLedger' });

export const shopperCodesSchema = visibleListSchema(
  z.object({
    code: text(MAX_CODE_LENGTH),
    valueCents: z.int().min(1).max(MAX_CODE_VALUE_CENTS),
    expiresAt: isoTime.describe('First moment the code is no longer valid'),
    validUntil: isoTime.describe('Last valid moment, as shown to people'),
  }),
).meta({ id: 'ShopperCodes' });

export function visibilityJson(v: Visibility) {
  return { visible: v.visible, reason: v.reason };
}

export function membershipJson(
  m: Membership & { shopId: string; customerId: string; storeVersionId: string },
) {
  return {
    object: 'shopper_membership' as const,
    shopId: m.shopId,
    customerId: m.customerId,
    storeVersionId: m.storeVersionId,
    ...visibilityJson(m),
    member: m.member,
    memberNumber: m.memberNumber,
    balance: m.balance,
    nextTier: m.nextTier
      ? {
          points: m.nextTier.tier.points,
          valueCents: m.nextTier.tier.valueCents,
          pointsMissing: m.nextTier.pointsMissing,
        }
      : null,
    qrText: m.qrText,
  };
}

export function programJson(p: ShopperProgram, serviceUrl: string) {
  const pages = `${serviceUrl}/shops/${encodeURIComponent(p.shopId)}/loyalty`;
  return {
    object: 'shopper_program' as const,
    shopId: p.shopId,
    storeVersionId: p.storeVersionId,
    visible: p.visible,
    reason: p.reason,
    program: p.shown
      ? {
          name: p.shown.name,
          language: p.shown.language,
          ratioCents: p.shown.ratioCents,
          pointsPerEuro: 100 / p.shown.ratioCents,
          joinPoints: p.shown.joinPoints,
          introUrl: pages,
          termsUrl: `${pages}/terms`,
        }
      : null,
  };
}
