import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Wraps a pg pool so that statements the service sends again and again are prepared once per
 * connection and then only bound and executed, sparing the server a parse and plan each time.
 * Kysely sends unnamed statements; this names a statement the second time its text is seen.
 * The number of names is capped so that generated SQL of many shapes cannot grow without bound.
 */
export function preparingPool(pool: pg.Pool, maxStatements = 500): pg.Pool {
  const seen = new Set<string>();
  const names = new Map<string, string>();
  const wrappers = new WeakMap<pg.PoolClient, pg.PoolClient>();

  const nameFor = (text: string): string | undefined => {
    const known = names.get(text);
    if (known || text.length > 16_384 || names.size >= maxStatements) return known;
    if (!seen.has(text)) {
      if (seen.size < maxStatements * 4) seen.add(text);
      return undefined;
    }
    const name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
    return name;
  };

  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    let wrapper = wrappers.get(client);
    if (!wrapper) {
      wrapper = new Proxy(client, {
        get(target, property, receiver) {
          if (property !== 'query') return Reflect.get(target, property, receiver);
          return async (text: unknown, values?: unknown[]) => {
            const name = typeof text === 'string' && values?.length ? nameFor(text) : undefined;
            if (!name) return target.query(text as string, values);
            try {
              return await target.query({ name, text: text as string, values });
            } catch (error) {
              // A migration by another process changed a table under a prepared statement:
              // forget the name and run the statement afresh.
              if (!/cached plan must not change result type/.test(String((error as Error).message)))
                throw error;
              names.delete(text as string);
              return target.query(text as string, values);
            }
          };
        },
      });
      wrappers.set(client, wrapper);
    }
    return wrapper;
  };

  return new Proxy(pool, {
    get(target, property, receiver) {
      if (property !== 'connect') return Reflect.get(target, property, receiver);
      return async () => wrap(await target.connect());
    },
  });
}
