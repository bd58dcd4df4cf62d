export type NoEarningReason =
  | 'not_member'
  | 'not_logged_in'
  | 'program_not_published'
  | 'version_not_selected';

export interface OrderEarnsInput {
  isMember: boolean;
  /** Logged in to the web shop, or identified at the till. */
  loggedIn: boolean;
  programPublished: boolean;
  /** The order's store version is one where the program is visible. */
  versionSelected: boolean;
}

/** Whether an order earns purchase points; when it does not, the first failing condition says why. */
export function orderEarns(
  input: OrderEarnsInput,
): { earns: true } | { earns: false; reason: NoEarningReason } {
  if (!input.isMember) return { earns: false, reason: 'not_member' };
  if (!input.loggedIn) return { earns: false, reason: 'not_logged_in' };
  if (!input.programPublished) return { earns: false, reason: 'program_not_published' };
  if (!input.versionSelected) return { earns: false, reason: 'version_not_selected' };
  return { earns: true };
}
