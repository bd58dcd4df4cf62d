import { z } from 'zod';
import type { MemberView } from '../../app/members/member-view.ts';
import {
  MAX_EMAIL_LENGTH,
  MAX_LANGUAGE_TAG_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PHONE_LENGTH,
} from '../../domain/limits.ts';
import { iso, isoOrNull, isoTime, safeInt, storeIdOut, text } from './schemas.ts';

/** Where a member joined (the database allows exactly these). */
const JOIN_SOURCES = ['registration', 'my_account', 'pos', 'admin', 'import'] as const;

export const customerSchema = z
  .object({
    object: z.literal('customer'),
    id: storeIdOut.describe('The store’s customer id'),
    // Documented as an e-mail address (it was checked as one when received), not checked again.
    email: text(MAX_EMAIL_LENGTH).meta({ format: 'email' }).nullable(),
    phone: text(MAX_PHONE_LENGTH).nullable(),
    name: text(MAX_NAME_LENGTH).nullable(),
    language: text(MAX_LANGUAGE_TAG_LENGTH).nullable(),
    registeredAt: isoTime,
    membership: z
      .object({
        memberNumber: z.int().min(1),
        joinedAt: isoTime,
        leftAt: isoTime.nullable(),
        joinSource: z.enum(JOIN_SOURCES),
        active: z.boolean(),
      })
      .nullable()
      .describe('Null when the customer has never joined'),
    balance: safeInt().describe('Points; can be negative after a return of already converted points'),
  })
  .meta({ id: 'Customer' });

export function customerJson(view: MemberView): z.output<typeof customerSchema> {
  const { email, phone, name, language, member } = view;
  return {
    object: 'customer',
    id: view.customerId,
    email,
    phone,
    name,
    language,
    registeredAt: iso(view.registeredAt),
    membership: member && {
      memberNumber: member.memberNumber,
      joinedAt: iso(member.joinedAt),
      leftAt: isoOrNull(member.leftAt),
      joinSource: member.joinSource as (typeof JOIN_SOURCES)[number],
      active: member.active,
    },
    balance: view.balance,
  };
}
