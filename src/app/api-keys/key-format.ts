import { createHash, randomBytes } from 'node:crypto';

const FULL_ACCESS_PREFIX = 'lk_live_';
const READ_ONLY_PREFIX = 'lk_read_';

/**
 * A new secret key: 256 random bits after a readable prefix that says what the key may do
 * (and lets secret scanners recognise it). Only its hash is ever stored.
 */
export function generateApiKey(readOnly: boolean): { key: string; prefix: string; hash: string } {
  const key = `${readOnly ? READ_ONLY_PREFIX : FULL_ACCESS_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 12), hash: hashApiKey(key) };
}

/** A high-entropy key needs no slow password hash: SHA-256 cannot be reversed or guessed around. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Cheap shape check, so that obvious garbage never reaches the database. */
export function looksLikeApiKey(value: string): boolean {
  return /^lk_(live|read)_[A-Za-z0-9_-]{43}$/.test(value);
}

const OPERATOR_PREFIX = 'op_';

/** A new operator key (`op_` and 256 random bits), for the operator API; only its hash is stored. */
export function generateOperatorKey(): { key: string; prefix: string; hash: string } {
  const key = `${OPERATOR_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 10), hash: hashApiKey(key) };
}

/** Cheap shape check of an operator key, also to tell it apart from a shop's key. */
export function looksLikeOperatorKey(value: string): boolean {
  return /^op_[A-Za-z0-9_-]{43}$/.test(value);
}
