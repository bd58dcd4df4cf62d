import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  canTransition,
  effectiveCodeStatus,
  restoreOnCancel,
  type StoredCodeStatus,
  statusesThatMayBecome,
  voidedOnErasure,
} from '../../src/domain/codes/code-state.ts';
import { DomainError } from '../../src/domain/errors.ts';

const expiresAt = new Date('2027-02-28T22:00:00Z');
const before = new Date('2027-02-28T21:59:59Z');
const STATUSES: StoredCodeStatus[] = ['active', 'used', 'restored', 'voided'];

describe('a voided code (its owner was erased)', () => {
  test('an active or restored code may be voided; a used one stays used', () => {
    assert.deepEqual(statusesThatMayBecome('voided'), ['active', 'restored']);
    assert.equal(canTransition('used', 'voided'), false);
  });

  test('is voided for good: it is never spent, restored or made active again', () => {
    for (const to of STATUSES) assert.equal(canTransition('voided', to), false, `voided → ${to}`);
    assert.ok(!statusesThatMayBecome('used').includes('voided'));
    assert.throws(
      () => restoreOnCancel({ status: 'voided', expiresAt }, before),
      (error: unknown) => error instanceof DomainError && error.code === 'invalid_input',
    );
  });

  test('shows as voided before and after its expiry', () => {
    assert.equal(effectiveCodeStatus({ status: 'voided', expiresAt }, before), 'voided');
    assert.equal(effectiveCodeStatus({ status: 'voided', expiresAt }, expiresAt), 'voided');
  });

  test('erasing voids exactly the codes that could still be spent', () => {
    const voided = STATUSES.filter((status) => voidedOnErasure({ status, expiresAt }, before));
    assert.deepEqual(voided, ['active', 'restored']);
    for (const status of STATUSES) {
      assert.equal(voidedOnErasure({ status, expiresAt }, expiresAt), false, `${status}, expired`);
    }
  });
});
