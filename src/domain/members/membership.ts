/** A customer's membership as stored: when they last joined, and when they left (null: still a member). */
export interface Membership {
  joinedAt: Date | null;
  leftAt: Date | null;
}

/** Whether the customer was a member at that moment (joined at or before it, not left by then). */
export function wasMemberAt(membership: Membership, at: Date): boolean {
  const { joinedAt, leftAt } = membership;
  return (
    joinedAt !== null &&
    joinedAt.getTime() <= at.getTime() &&
    (leftAt === null || leftAt.getTime() > at.getTime())
  );
}
