import { DomainError } from '../errors.ts';

/** Statuses kept in storage; 'expired' is never stored, it follows from the clock. */
export type StoredCodeStatus = 'active' | 'used' | 'restored' | 'voided';
export type EffectiveCodeStatus = StoredCodeStatus | 'expired';

/**
 * A code is spent once; cancelling the order that spent it gives it back ('restored'), and a
 * restored code can be spent again. Nothing ever returns a code to 'active', so the history
 * shows it was once used. Erasing its owner voids a code that could still be spent ('voided',
 * for good); a used code stays used, as the orders it paid for stay.
 */
const transitions = {
  active: ['used', 'voided'],
  used: ['restored'],
  restored: ['used', 'voided'],
  voided: [],
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

/** A used code stays 'used' after its expiry: it did its job, it did not lapse; a voided one stays voided. */
export function effectiveCodeStatus(code: CodeStatusView, now: Date): EffectiveCodeStatus {
  if (code.status === 'used' || code.status === 'voided') return code.status;
  return now.getTime() >= code.expiresAt.getTime() ? 'expired' : code.status;
}

/** Cancelling an order gives its code back only while the code would still be valid. */
export function restoreOnCancel(code: CodeStatusView, now: Date): 'restored' | 'expired_not_restored' {
  if (!canTransition(code.status, 'restored')) {
    throw new DomainError('invalid_input', `Only a used code can be restored; this one is ${code.status}`);
  }
  return now.getTime() < code.expiresAt.getTime() ? 'restored' : 'expired_not_restored';
}

/**
 * Erasing a customer voids each of their codes that could still be spent: one the state machine
 * lets become voided and that has not expired at `now` (an expired one stays as it lapsed).
 */
export function voidedOnErasure(code: CodeStatusView, now: Date): boolean {
  return canTransition(code.status, 'voided') && now.getTime() < code.expiresAt.getTime();
}
