import { z } from 'zod';
import type { MemberView } from '../../app/members/member-view.ts';
import { iso, isoOrNull, isoTime } from './schemas.ts';

export const customerSchema = z
  .object({
    object: z.literal('customer'),
    id: z.string().describe('The store’s customer id'),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    name: z.string().nullable(),
    language: z.string().nullable(),
    registeredAt: isoTime,
    membership: z
      .object({
        memberNumber: z.number().int(),
        joinedAt: isoTime,
        leftAt: isoTime.nullable(),
        joinSource: z.string(),
        active: z.boolean(),
      })
      .nullable()
      .describe('Null when the customer has never joined'),
    balance: z.number().int().describe('Points; can be negative after a return of already converted points'),
  })
  .meta({ id: 'Customer' });

export function customerJson(view: MemberView): z.output<typeof customerSchema> {
  return {
    object: 'customer',
    id: view.customerId,
    email: view.email,
    phone: view.phone,
    name: view.name,
    language: view.language,
    registeredAt: iso(view.registeredAt),
    membership: view.member
      ? {
          memberNumber: view.member.memberNumber,
          joinedAt: iso(view.member.joinedAt),
          leftAt: isoOrNull(view.member.leftAt),
          joinSource: view.member.joinSource,
          active: view.member.active,
        }
      : null,
    balance: view.balance,
  };
}
