import { randomBytes } from 'node:crypto';

/** A new id: `prefix_` and `bytes` random bytes, in hex or, for the import ids, base64url. */
export function randomId(prefix: string, bytes: number, encoding: 'hex' | 'base64url' = 'hex'): string {
  return `${prefix}_${randomBytes(bytes).toString(encoding)}`;
}
