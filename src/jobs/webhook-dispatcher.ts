import { request as undiciRequest } from 'undici';
import type { AppContext } from '../app/context.ts';
import { queueExpiredCodes } from '../app/webhooks/code-expiry.ts';
import {
  type ClaimedBatch,
  claimDeliveries,
  type DueEndpoint,
  dueEndpoints,
  recordAttempts,
} from '../app/webhooks/deliveries.ts';
import { webhookHeaders } from '../app/webhooks/signature.ts';

/** One HTTP attempt: the endpoint's status (null: no answer in time, or no connection) and what failed. */
export type WebhookSender = (
  request: { url: string; headers: Record<string, string>; body: string },
  timeoutMs: number,
) => Promise<{ status: number | null; error: string | null }>;

/**
 * POSTs with undici's `request` (the HTTP client inside Node's own fetch, without the WHATWG
 * streams around it: bench:webhooks measured fetch at about 0.7 ms of CPU per event, which with
 * the sales route in the same process took half its speed). Redirects are not followed (a 3xx is
 * a failure); the answer is read, at most its first 200 characters kept for the log.
 */
export const httpSender: WebhookSender = async (request, timeoutMs) => {
  try {
    const response = await undiciRequest(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.body.text();
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { status, error: null };
    return { status, error: `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}` };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError')
      return { status: null, error: `no answer in ${timeoutMs} ms` };
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { status: null, error: `${error instanceof Error ? error.message : String(error)}${cause}` };
  }
};

export interface DispatcherOptions {
  send?: WebhookSender;
  /** How long one request may take (default 10 s). */
  timeoutMs?: number;
  /** Requests in flight to one endpoint at most (default 8). */
  concurrency?: number;
  /** Deliveries claimed at a time per endpoint (default 100). */
  batchSize?: number;
  /** How often the queue is looked at (default 1 s) and codes' expiry swept (default 1 min). */
  intervalMs?: number;
  sweepEveryMs?: number;
  random?: () => number;
  disableAfterDays?: number;
  log?: (line: string) => void;
}

export interface WebhookDispatcher {
  /** Sends what is due now, each endpoint in its own lane; resolves when those lanes are idle. */
  runDue(): Promise<void>;
  /** Queues `code.expired` for the codes that expired since the last sweep. */
  sweep(): Promise<number>;
  /** Polls every `intervalMs` until stopped; stopping waits for the lanes in flight. */
  start(): void;
  stop(): Promise<void>;
}

/**
 * The webhook dispatcher: every endpoint with deliveries due gets a lane of its own that claims a
 * batch, sends it with at most `concurrency` requests at once, each given up after `timeoutMs`,
 * and records the outcomes; a slow or dead endpoint therefore holds only its own lane. Nothing
 * here is awaited by a request: the use cases only queue (src/app/webhooks/event-outbox.ts).
 */
export function webhookDispatcher(ctx: AppContext, options: DispatcherOptions = {}): WebhookDispatcher {
  const send = options.send ?? httpSender;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const concurrency = options.concurrency ?? 8;
  const batchSize = options.batchSize ?? 100;
  const leaseMs = timeoutMs * Math.ceil(batchSize / concurrency) + 60_000;
  const log = options.log ?? (() => {});
  const lanes = new Map<string, Promise<void>>();
  let timers: NodeJS.Timeout[] = [];
  let stopped = false;

  const attempt = async (batch: ClaimedBatch, delivery: ClaimedBatch['deliveries'][number]) => {
    const headers = webhookHeaders({
      secrets: batch.secrets,
      eventId: delivery.eventId,
      at: ctx.clock.now(),
      body: delivery.body,
    });
    const result = await send({ url: batch.url, headers, body: delivery.body }, timeoutMs);
    return { seq: delivery.seq, attempts: delivery.attempts, createdAt: delivery.createdAt, ...result };
  };

  const lane = async (endpoint: DueEndpoint) => {
    while (!stopped) {
      const batch = await claimDeliveries(ctx, {
        ...endpoint,
        now: ctx.clock.now(),
        limit: batchSize,
        leaseMs,
      });
      if (!batch || batch.deliveries.length === 0) return;
      const outcomes = await inParallel(batch.deliveries, concurrency, (d) => attempt(batch, d));
      const recorded = await recordAttempts(ctx, {
        ...endpoint,
        now: ctx.clock.now(),
        outcomes,
        ...(options.random ? { random: options.random } : {}),
        ...(options.disableAfterDays !== undefined ? { disableAfterDays: options.disableAfterDays } : {}),
      });
      if (recorded.disabled) {
        log(`webhooks: endpoint ${endpoint.shopId}/${endpoint.endpointId} disabled after failing for days`);
      }
      // A batch without a success waits for its retries. After a success a member's next event may
      // have come due (a batch holds one event per member), so the lane claims again.
      if (recorded.succeeded === 0) return;
    }
  };

  const runDue = async () => {
    const due = await dueEndpoints(ctx, ctx.clock.now());
    await Promise.all(due.map((endpoint) => laneOf(lanes, endpoint, () => lane(endpoint), log)));
  };

  const sweep = () => queueExpiredCodes(ctx, ctx.clock.now());
  const report = (what: string) => (error: unknown) =>
    log(`webhooks: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);

  return {
    runDue,
    sweep,
    start() {
      // A tick does not wait for the lanes it starts: the next tick starts lanes for other endpoints.
      const tick = () => void runDue().catch(report('dispatch'));
      timers = [
        setInterval(tick, options.intervalMs ?? 1000),
        setInterval(
          () => void sweep().catch(report('the code expiry sweep')),
          options.sweepEveryMs ?? 60_000,
        ),
      ];
      for (const timer of timers) timer.unref();
      tick();
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.all(lanes.values());
    },
  };
}

/** The endpoint's lane: the one running, or a new one started now. */
function laneOf(
  lanes: Map<string, Promise<void>>,
  endpoint: DueEndpoint,
  run: () => Promise<void>,
  log: (line: string) => void,
): Promise<void> {
  const key = `${endpoint.shopId}\u0000${endpoint.endpointId}`;
  let running = lanes.get(key);
  if (!running) {
    running = run()
      .catch((error: unknown) => log(`webhooks: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => lanes.delete(key));
    lanes.set(key, running);
  }
  return running;
}

/** Maps with at most `limit` calls in flight; the results in the items' order. */
async function inParallel<T, R>(items: T[], limit: number, call: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await call(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
