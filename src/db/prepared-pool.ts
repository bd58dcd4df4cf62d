import type pg from 'pg';
import { isStalePlanError, StatementNames } from './statement-names.ts';

/**
 * Wraps a pg pool so that statements the service sends again and again are prepared once per
 * connection and then only bound and executed, sparing the server a parse and plan each time.
 * Kysely sends unnamed statements; `StatementNames` decides which to name.
 */
export function preparingPool(pool: pg.Pool, maxStatements = 500): pg.Pool {
  const names = new StatementNames(maxStatements);
  const wrappers = new WeakMap<pg.PoolClient, pg.PoolClient>();

  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    let wrapper = wrappers.get(client);
    if (!wrapper) {
      wrapper = new Proxy(client, {
        get(target, property, receiver) {
          if (property !== 'query') return Reflect.get(target, property, receiver);
          return async (text: unknown, values?: unknown[]) => {
            const name = typeof text === 'string' && values?.length ? names.nameFor(text) : undefined;
            if (!name) return target.query(text as string, values);
            try {
              return await target.query({ name, text: text as string, values });
            } catch (error) {
              // A migration by another process changed a table under a prepared statement:
              // forget the name and run the statement afresh.
              if (!isStalePlanError(error)) throw error;
              names.forget(text as string);
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
