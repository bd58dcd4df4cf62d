import { createHash } from 'node:crypto';

/**
 * Which statements both drivers prepare: a statement is named the second time its text is seen,
 * so one-off SQL stays unnamed, and the number of names is capped so that generated SQL of many
 * shapes cannot grow without bound. Names derive from the text, the same in every connection.
 */
export class StatementNames {
  private readonly seen = new Set<string>();
  private readonly names = new Map<string, string>();

  constructor(private readonly maxStatements = 500) {}

  /** The statement's name, or undefined while it should run unnamed. */
  nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known || text.length > 16_384 || this.names.size >= this.maxStatements) return known;
    if (!this.seen.has(text)) {
      if (this.seen.size < this.maxStatements * 4) this.seen.add(text);
      return undefined;
    }
    const name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    this.names.set(text, name);
    return name;
  }

  forget(text: string): void {
    this.names.delete(text);
  }
}

/** The error of a prepared statement whose table a migration changed since it was prepared. */
export function isStalePlanError(error: unknown): boolean {
  return /cached plan must not change result type/.test(String((error as Error | undefined)?.message));
}
