import { DomainError } from '../../domain/errors.ts';
import { MAX_LABEL_LENGTH } from '../../domain/limits.ts';

/** The trimmed name of a new key or secret, or `invalid_input` when it is empty or too long. */
export function credentialName(name: string, what: 'key' | 'secret'): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > MAX_LABEL_LENGTH) {
    throw new DomainError('invalid_input', `Give the ${what} a name of 1 to ${MAX_LABEL_LENGTH} characters`, [
      { field: 'name', message: `A name of 1 to ${MAX_LABEL_LENGTH} characters` },
    ]);
  }
  return trimmed;
}
