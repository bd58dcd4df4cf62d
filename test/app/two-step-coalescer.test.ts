import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TwoStepCoalescer } from '../../src/app/two-step-coalescer.ts';
import { deferred } from '../support/deferred.ts';

/** Steps that record every call and wait until the test releases them. */
function recordingSteps() {
  const prepares: { items: number[]; release: () => void }[] = [];
  const writes: { items: number[]; release: () => void; fail: () => void }[] = [];
  const alone: number[] = [];
  let writing = 0;
  let mostWriting = 0;
  const coalescer = new TwoStepCoalescer<number, number, string>(
    {
      prepare: async (items) => {
        const gate = deferred<void>();
        prepares.push({ items, release: () => gate.resolve() });
        await gate.promise;
        return items.map((n) =>
          n < 0
            ? { status: 'rejected', reason: new Error(`bad ${n}`) }
            : { status: 'fulfilled', value: n * 10 },
        );
      },
      write: async (prepared) => {
        writing++;
        mostWriting = Math.max(mostWriting, writing);
        const gate = deferred<void>();
        writes.push({
          items: prepared,
          release: () => gate.resolve(),
          fail: () => gate.reject(new Error('deadlock')),
        });
        try {
          await gate.promise;
        } finally {
          writing--;
        }
        return prepared.map((p) => Promise.resolve(`wrote ${p}`));
      },
      one: async (item) => {
        alone.push(item);
        return `alone ${item}`;
      },
    },
    64,
  );
  return { coalescer, prepares, writes, alone, mostWriting: () => mostWriting };
}

describe('two-step coalescer', () => {
  test('requests of one turn are prepared and written together', async () => {
    const { coalescer, prepares, writes } = recordingSteps();
    const answers = Promise.all([1, 2, 3].map((n) => coalescer.submit(n)));
    await nextTurn();
    assert.deepEqual(
      prepares.map((p) => p.items),
      [[1, 2, 3]],
    );
    prepares[0]!.release();
    await nextTurn();
    assert.deepEqual(
      writes.map((w) => w.items),
      [[10, 20, 30]],
    );
    writes[0]!.release();
    assert.deepEqual(await answers, ['wrote 10', 'wrote 20', 'wrote 30']);
  });

  test('while a batch writes the next ones are prepared, and the next write takes them all', async () => {
    const { coalescer, prepares, writes, mostWriting } = recordingSteps();
    const first = coalescer.submit(1);
    await nextTurn();
    prepares[0]!.release();
    await nextTurn();
    assert.equal(writes.length, 1, 'the first write is in flight');

    const second = coalescer.submit(2);
    await nextTurn();
    assert.deepEqual(prepares[1]!.items, [2], 'prepared while the first batch writes');
    prepares[1]!.release();
    await nextTurn();
    const third = Promise.all([coalescer.submit(3), coalescer.submit(4)]);
    await nextTurn();
    assert.deepEqual(prepares[2]!.items, [3, 4]);
    prepares[2]!.release();
    await nextTurn();
    assert.equal(writes.length, 1, 'no second write while the first is in flight');

    writes[0]!.release();
    assert.equal(await first, 'wrote 10');
    await nextTurn();
    assert.deepEqual(writes[1]!.items, [20, 30, 40], 'one write for both prepared batches');
    writes[1]!.release();
    assert.equal(await second, 'wrote 20');
    assert.deepEqual(await third, ['wrote 30', 'wrote 40']);
    assert.equal(mostWriting(), 1);
  });

  test('an item that fails to prepare fails alone; the others are written', async () => {
    const { coalescer, prepares, writes } = recordingSteps();
    const answers = Promise.allSettled([5, -1, 6].map((n) => coalescer.submit(n)));
    await nextTurn();
    prepares[0]!.release();
    await nextTurn();
    assert.deepEqual(writes[0]!.items, [50, 60]);
    writes[0]!.release();
    const [five, bad, six] = await answers;
    assert.deepEqual(five, { status: 'fulfilled', value: 'wrote 50' });
    assert.equal(bad!.status, 'rejected');
    assert.match(String((bad as PromiseRejectedResult).reason), /bad -1/);
    assert.deepEqual(six, { status: 'fulfilled', value: 'wrote 60' });
  });

  test('a write that fails as a whole is retried item by item, from the start', async () => {
    const { coalescer, prepares, writes, alone } = recordingSteps();
    const answers = Promise.all([7, 8].map((n) => coalescer.submit(n)));
    await nextTurn();
    prepares[0]!.release();
    await nextTurn();
    writes[0]!.fail();
    assert.deepEqual(await answers, ['alone 7', 'alone 8']);
    assert.deepEqual(alone, [7, 8]);
  });

  test('a lone request goes through both steps with nothing else waiting', async () => {
    const { coalescer, prepares, writes } = recordingSteps();
    const answer = coalescer.submit(9);
    await nextTurn();
    prepares[0]!.release();
    await nextTurn();
    writes[0]!.release();
    assert.equal(await answer, 'wrote 90');
  });
});
