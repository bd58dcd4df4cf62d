import { DomainError } from '../errors.ts';

/** Statuses kept in storage; 'expired' is never stored, it follows from the clock. */
export type StoredCodeStatus = 'active' | 'used' | 'restored';
export type EffectiveCodeStatus = StoredCodeStatus | 'expired';

/**
 * A code is spent once; cancelling the order that spent it gives it back ('restored'), and a
 * restored code can be spent again. Nothing ever returns a code to 'active', so the history
 * shows it was once used.
 */
const transitions = {
  active: ['used'],
  used: ['restored'],
  restored: ['used'],
} as const satisfies Record<StoredCodeStatus, readonly StoredCodeStatus[]>;

export function canTransition(from: StoredCodeStatus, to: StoredCodeStatus): boolean {
  return (transitions[from] as readonly StoredCodeStatus[]).includes(to);
}

/** The stored statuses a code may move to `to` from: the condition of a status change's UPDATE. */
export function statusesThatMayBecome(to: StoredCodeStatus): StoredCodeStatus[] {
  return (Object.keys(transitions) as StoredCodeStatus[]).filter((from) => canTransition(from, to));
}

export interface CodeStatusView {
  status: StoredCodeStatus;
  expiresAt: Date;
}

/** A used code stays 'used' after its expiry: it did its job, it did not lapse. */
export function effectiveCodeStatus(code: CodeStatusView, now: Date): EffectiveCodeStatus {
  if (code.status === 'used') return 'used';
  return now.getTime() >= code.expiresAt.getTime() ? 'expired' : code.status;
}

/** Cancelling an order gives its code back only while the code would still be valid. */
export function restoreOnCancel(code: CodeStatusView, now: Date): 'restored' | 'expired_not_restored' {
  if (!canTransition(code.status, 'restored')) {
    throw new DomainError('invalid_input', `Only a used code can be restored; this one is ${code.status}`);
  }
  return now.getTime() < code.expiresAt.getTime() ? 'restored' : 'expired_not_restored';
}
