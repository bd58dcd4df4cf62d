import { after, before } from 'node:test';

/**
 * Something the tests of one describe share (a database, a server, a harness), opened before the
 * first of them and closed after the last, so that each describe sets up its own data.
 *
 * The value returned stands for the fixture once it is open: use it inside tests and hooks, as
 * the fixture itself. It is not open yet while the describe's body runs, and says so if used there.
 */
export function suiteFixture<T extends { close(): unknown }>(open: () => Promise<T>): T {
  let opened: T | undefined;
  before(async () => {
    opened = await open();
  });
  after(async () => {
    await opened?.close();
  });
  const current = (): T => {
    if (opened === undefined) throw new Error('A suite fixture is open only inside its tests and hooks');
    return opened;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const fixture = current();
      const value = Reflect.get(fixture, key, fixture);
      // Methods keep the fixture as `this`, also when called on the stand-in or passed around.
      return typeof value === 'function' ? value.bind(fixture) : value;
    },
    set: (_, key, value) => Reflect.set(current(), key, value),
    has: (_, key) => key in current(),
  });
}

/**
 * What `opening` opens (a database, a harness), once `setUp` has prepared it; closed again when
 * that fails, since left open it would keep the test process from ending after the failure.
 */
export async function prepared<T extends { close(): unknown }>(
  opening: Promise<T>,
  setUp: (opened: T) => Promise<unknown>,
): Promise<T> {
  const opened = await opening;
  try {
    await setUp(opened);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}
