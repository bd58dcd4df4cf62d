/**
 * Coalesces concurrent requests for the same kind of database work into batches: while
 * `maxInFlight` batches are running, new requests wait, and the next batch takes all that waited
 * (up to `maxBatch`). A lone request goes at once, so nothing waits when the service is quiet;
 * under load each statement (and commit) carries several requests, as group commit does in a
 * database. A request that waited starts after it arrived, so it sees every write committed
 * before it: batching never serves an older answer than a lone query would.
 *
 * `many` answers one settled outcome per item, in order (an item may fail alone). When it throws,
 * the batch is given up and each item runs alone with `one`, so one bad item (or a deadlock
 * between batches) costs only a retry and every request still gets its own answer or error.
 */
export class RequestCoalescer<T, R> {
  private readonly waiting: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly many: (items: T[]) => Promise<PromiseSettledResult<R>[]>,
    private readonly one: (item: T) => Promise<R>,
    private readonly maxInFlight: number,
    private readonly maxBatch: number,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight++;
      this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async runBatch(batch: typeof this.waiting): Promise<void> {
    if (batch.length === 1) {
      const [alone] = batch;
      await this.one(alone!.item).then(alone!.resolve, alone!.reject);
      return;
    }
    let results: PromiseSettledResult<R>[];
    try {
      results = await this.many(batch.map((b) => b.item));
    } catch {
      await Promise.all(batch.map((b) => this.one(b.item).then(b.resolve, b.reject)));
      return;
    }
    batch.forEach((b, i) => {
      const result = results[i]!;
      if (result.status === 'fulfilled') b.resolve(result.value);
      else b.reject(result.reason);
    });
  }
}
