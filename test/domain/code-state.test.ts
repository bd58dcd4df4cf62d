import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  canTransition,
  effectiveCodeStatus,
  restoreOnCancel,
  type StoredCodeStatus,
  statusesThatMayBecome,
} from '../../src/domain/codes/code-state.ts';
import { DomainError } from '../../src/domain/errors.ts';

const expiresAt = new Date('2027-02-28T22:00:00Z');
const before = new Date('2027-02-28T21:59:59Z');

describe('canTransition', () => {
  test('allows use, restoring a used code and using a restored code again', () => {
    assert.equal(canTransition('active', 'used'), true);
    assert.equal(canTransition('used', 'restored'), true);
    assert.equal(canTransition('restored', 'used'), true);
  });

  test('forbids everything else', () => {
    const statuses: StoredCodeStatus[] = ['active', 'used', 'restored'];
    const allowed = new Set(['active>used', 'used>restored', 'restored>used']);
    for (const from of statuses) {
      for (const to of statuses) {
        assert.equal(canTransition(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`);
      }
    }
  });
});

describe('statusesThatMayBecome', () => {
  test('are the conditions the status changes are written with: spend an active or restored code, restore a used one', () => {
    assert.deepEqual(statusesThatMayBecome('used'), ['active', 'restored']);
    assert.deepEqual(statusesThatMayBecome('restored'), ['used']);
    assert.deepEqual(statusesThatMayBecome('active'), []);
  });
});

describe('effectiveCodeStatus', () => {
  test('an unused code is active until its expiry, then expired', () => {
    assert.equal(effectiveCodeStatus({ status: 'active', expiresAt }, before), 'active');
    assert.equal(effectiveCodeStatus({ status: 'active', expiresAt }, expiresAt), 'expired');
  });

  test('a restored code is usable until its expiry, then expired', () => {
    assert.equal(effectiveCodeStatus({ status: 'restored', expiresAt }, before), 'restored');
    assert.equal(
      effectiveCodeStatus({ status: 'restored', expiresAt }, new Date('2027-03-15T00:00:00Z')),
      'expired',
    );
  });

  test('a used code stays used after its expiry', () => {
    assert.equal(effectiveCodeStatus({ status: 'used', expiresAt }, before), 'used');
    assert.equal(
      effectiveCodeStatus({ status: 'used', expiresAt }, new Date('2030-01-01T00:00:00Z')),
      'used',
    );
  });
});

describe('restoreOnCancel', () => {
  test('a cancelled order gives back its code while the code is still valid', () => {
    assert.equal(restoreOnCancel({ status: 'used', expiresAt }, before), 'restored');
  });

  test('an expired code is not restored', () => {
    assert.equal(restoreOnCancel({ status: 'used', expiresAt }, expiresAt), 'expired_not_restored');
  });

  test('only a used code can be restored', () => {
    for (const status of ['active', 'restored'] as const) {
      assert.throws(
        () => restoreOnCancel({ status, expiresAt }, before),
        (error: unknown) => error instanceof DomainError && error.code === 'invalid_input',
      );
    }
  });
});
