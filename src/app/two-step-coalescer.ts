/** The two steps of work that reads, decides and then writes, as `TwoStepCoalescer` runs them. */
export interface TwoSteps<T, P, R> {
  /** Reads and decides for a batch: one outcome per item, in order (an item may fail alone). */
  prepare: (items: T[]) => Promise<PromiseSettledResult<P>[]>;
  /**
   * Writes prepared items in one go. Resolves as soon as the next batch may write, with each item's
   * answer (an answer may still need more work, done outside the one-at-a-time write).
   */
  write: (prepared: P[]) => Promise<Promise<R>[]>;
  /** Does one item from the start, alone: used when a whole batch's `prepare` or `write` throws. */
  one: (item: T) => Promise<R>;
}

interface Pending<T, P, R> {
  item: T;
  prepared?: P;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Coalesces concurrent requests into batches, like `RequestCoalescer`, for work in two steps of
 * which only the second must run one batch at a time: while a batch writes, the next one already
 * reads and decides, and the next write takes every item prepared meanwhile (up to `maxBatch`).
 * Under load the reads then leave the one-at-a-time path, and each write still carries many items.
 *
 * Requests are gathered until the current turn of the event loop ends, so that callers answered
 * together, who ask again together, form one batch rather than a lone first one and the rest.
 * A request starts after it arrived, so it sees every write committed before it.
 */
export class TwoStepCoalescer<T, P, R> {
  private readonly waiting: Pending<T, P, R>[] = [];
  private readonly prepared: Pending<T, P, R>[] = [];
  private preparing = false;
  private writing = false;
  private scheduled = false;

  constructor(
    private readonly steps: TwoSteps<T, P, R>,
    private readonly maxBatch: number,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    if (!this.writing && this.prepared.length > 0) {
      this.writing = true;
      this.write(this.prepared.splice(0, this.maxBatch)).finally(() => {
        this.writing = false;
        this.pump();
      });
    }
    if (!this.preparing && this.waiting.length > 0) {
      this.preparing = true;
      this.prepare(this.waiting.splice(0, this.maxBatch)).finally(() => {
        this.preparing = false;
        this.pump();
      });
    }
  }

  private async prepare(batch: Pending<T, P, R>[]): Promise<void> {
    let outcomes: PromiseSettledResult<P>[];
    try {
      outcomes = await this.steps.prepare(batch.map((b) => b.item));
    } catch {
      await this.eachAlone(batch);
      return;
    }
    batch.forEach((b, i) => {
      const outcome = outcomes[i]!;
      if (outcome.status === 'rejected') {
        b.reject(outcome.reason);
      } else {
        b.prepared = outcome.value;
        this.prepared.push(b);
      }
    });
  }

  private async write(batch: Pending<T, P, R>[]): Promise<void> {
    let answers: Promise<R>[];
    try {
      answers = await this.steps.write(batch.map((b) => b.prepared as P));
    } catch {
      await this.eachAlone(batch);
      return;
    }
    batch.forEach((b, i) => {
      answers[i]!.then(b.resolve, b.reject);
    });
  }

  /** One bad item (or a deadlock between batches) then costs only a retry of each, alone. */
  private async eachAlone(batch: Pending<T, P, R>[]): Promise<void> {
    await Promise.all(batch.map((b) => this.steps.one(b.item).then(b.resolve, b.reject)));
  }
}
