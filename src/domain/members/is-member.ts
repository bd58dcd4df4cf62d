import type { Membership } from './membership.ts';

/**
 * Whether the customer is a member now: they joined and have not left since (joining again
 * clears the leaving). No membership row (null, or no join time) is no member.
 * The SQL form is `isMemberSql` (src/app/members/is-member-sql.ts).
 */
export function isMember(membership: Membership | null): boolean {
  return membership !== null && membership.joinedAt !== null && membership.leftAt === null;
}

/**
 * A member now who had joined by that moment: whether an order placed then earns for them.
 * Unlike `wasMemberAt`, a customer who has left since does not count.
 */
export function isMemberJoinedBy(membership: Membership | null, at: Date): boolean {
  return isMember(membership) && membership!.joinedAt!.getTime() <= at.getTime();
}
