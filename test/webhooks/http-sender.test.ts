import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { httpSender } from '../../src/jobs/webhook-dispatcher.ts';

/** The dispatcher's HTTP client against a real server: what counts as delivered, and what it logs. */
describe('webhooks: one HTTP attempt', () => {
  const seen: { method: string; body: string; signature: string | undefined }[] = [];
  let base = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        body: Buffer.concat(chunks).toString(),
        signature: req.headers['webhook-signature'] as string | undefined,
      });
      if (req.url === '/ok') return res.writeHead(204).end();
      if (req.url === '/moved') return res.writeHead(301, { location: '/ok' }).end();
      if (req.url === '/broken') return res.writeHead(500).end('database down');
      // /slow: never answers; the attempt gives up at its timeout.
    });
  });
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const send = (path: string, timeoutMs = 5_000) =>
    httpSender({ url: base + path, headers: { 'webhook-signature': 'v1,abc' }, body: '{"a":1}' }, timeoutMs);

  test('a 2xx is delivered, with the body and headers as given', async () => {
    assert.deepEqual(await send('/ok'), { status: 204, error: null });
    assert.deepEqual(seen.at(-1), { method: 'POST', body: '{"a":1}', signature: 'v1,abc' });
  });

  test('a redirect is not followed: a failure naming its status', async () => {
    const before = seen.length;
    assert.deepEqual(await send('/moved'), { status: 301, error: 'HTTP 301' });
    assert.equal(seen.length, before + 1, 'the target of the redirect was not called');
  });

  test('an error status keeps the start of the answer for the log', async () => {
    assert.deepEqual(await send('/broken'), { status: 500, error: 'HTTP 500: database down' });
  });

  test('no answer within the timeout, and no server at all, are failures without a status', async () => {
    assert.deepEqual(await send('/slow', 200), { status: null, error: 'no answer in 200 ms' });
    const closed = await httpSender({ url: 'http://127.0.0.1:9/', headers: {}, body: '' }, 2_000);
    assert.equal(closed.status, null);
    assert.match(closed.error ?? '', /ECONNREFUSED|connect/i);
  });
});
