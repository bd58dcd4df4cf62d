import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { orderEarns } from '../../src/domain/earning/order-earns.ts';

const earning = { isMember: true, loggedIn: true, programPublished: true, versionSelected: true };

describe('orderEarns', () => {
  test('a logged-in member ordering in a selected version of a published program earns', () => {
    assert.deepEqual(orderEarns(earning), { earns: true });
  });

  test('a non-member does not earn', () => {
    assert.deepEqual(orderEarns({ ...earning, isMember: false }), { earns: false, reason: 'not_member' });
  });

  test('a member ordering as a guest (not logged in, not identified at the till) does not earn', () => {
    assert.deepEqual(orderEarns({ ...earning, loggedIn: false }), { earns: false, reason: 'not_logged_in' });
  });

  test('nothing is earned before publishing', () => {
    assert.deepEqual(orderEarns({ ...earning, programPublished: false }), {
      earns: false,
      reason: 'program_not_published',
    });
  });

  test('nothing is earned in a version where the program is hidden', () => {
    assert.deepEqual(orderEarns({ ...earning, versionSelected: false }), {
      earns: false,
      reason: 'version_not_selected',
    });
  });

  test('with several failures the first in order member, login, published, version is reported', () => {
    const none = { isMember: false, loggedIn: false, programPublished: false, versionSelected: false };
    assert.deepEqual(orderEarns(none), { earns: false, reason: 'not_member' });
    assert.deepEqual(orderEarns({ ...none, isMember: true }), { earns: false, reason: 'not_logged_in' });
    assert.deepEqual(orderEarns({ ...none, isMember: true, loggedIn: true }), {
      earns: false,
      reason: 'program_not_published',
    });
  });
});
