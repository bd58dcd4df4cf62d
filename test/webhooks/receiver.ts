import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  timestamp: number;
  signatures: string[];
  body: string;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: the event's body, checked field by field
  event: any;
}

/**
 * A test clock's start near the real time, to the whole second: standardwebhooks' verify refuses
 * a timestamp more than five minutes off.
 */
export const nearNow = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();

/** What the receiver answers a request with: a status, or `hang` (hold it open until released). */
export type Answer = number | 'hang';

/**
 * A real HTTP server that takes webhooks as a shop's would: every request is kept with its
 * headers, and `verifiedWith(secret)` checks each signature with the standardwebhooks package (an
 * implementation independent of ours). `answer` decides each request's status.
 */
export async function webhookReceiver(answer: (request: Received, n: number) => Answer = () => 200) {
  const received: Received[] = [];
  /** Every request in arrival order with the status it got ('hang' for one held open). */
  const log: { request: Received; answer: Answer }[] = [];
  const hanging: ServerResponse[] = [];
  const waiters: (() => void)[] = [];
  let count = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const got: Received = {
        id: String(req.headers['webhook-id']),
        timestamp: Number(req.headers['webhook-timestamp']),
        signatures: String(req.headers['webhook-signature'] ?? '').split(' '),
        body,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        event: JSON.parse(body),
      };
      const reply = answer(got, ++count);
      log.push({ request: got, answer: reply });
      if (reply === 'hang') {
        hanging.push(res);
      } else {
        received.push(got);
        res.statusCode = reply;
        res.end(reply < 300 ? 'ok' : 'not now');
      }
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    /** The requests answered (not those held open). */
    received,
    log,
    /** How many requests arrived, answered or held. */
    arrived: () => count,
    hanging,
    /** Resolves once `until()` holds, checked at each arrival. */
    async waitFor(until: () => boolean): Promise<void> {
      while (!until()) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    /** Whether a request's signatures include one made by standardwebhooks with this secret. */
    signedWith(request: Received, secret: string): boolean {
      const expected = new Webhook(secret).sign(request.id, new Date(request.timestamp * 1000), request.body);
      return request.signatures.includes(expected);
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof webhookReceiver>>;

/** Runs `use` with a receiver that takes every request, and closes the receiver after, also when `use` fails. */
export async function withWebhookReceiver<T>(use: (receiver: WebhookReceiver) => Promise<T>): Promise<T> {
  const receiver = await webhookReceiver();
  try {
    return await use(receiver);
  } finally {
    await receiver.close();
  }
}
