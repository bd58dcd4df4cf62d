import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { buildServer } from '../../src/http/server.ts';
import { testApp } from '../support/database.ts';

/**
 * A client that sends its body (or headers) too slowly is answered 408 and disconnected by the
 * server; the timeouts are small here so that the test waits for the server, not for the clock.
 */
describe('slow clients are timed out', () => {
  for (const [name, head, path] of [
    [
      'a body that stalls (sign-in)',
      'POST /admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"sh',
      '/admin/login',
    ],
    [
      'a body that stalls (sales)',
      'POST /v1/sales HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id',
      '/v1/sales',
    ],
    ['headers that never end', 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: 1', '/health'],
  ] as const) {
    test(`${name} is answered 408 and closed by the server (${path})`, async () => {
      const db = await testApp();
      const app = await buildServer({
        ctx: db.ctx,
        timeouts: { requestMs: 300, headersMs: 200, keepAliveMs: 200, checkIntervalMs: 50 },
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as net.AddressInfo;
      try {
        const socket = net.connect(port, '127.0.0.1');
        let received = '';
        socket.on('data', (chunk) => {
          received += chunk.toString();
        });
        socket.write(head);
        const closed = await new Promise<'closed' | 'still open'>((resolve) => {
          const guard = setTimeout(() => resolve('still open'), 20_000);
          socket.on('close', () => {
            clearTimeout(guard);
            resolve('closed');
          });
          socket.on('error', () => {});
        });
        socket.destroy();
        assert.equal(closed, 'closed', 'the server closed the connection');
        // (an unauthenticated API request may be refused 401 first, before its body is read)
        assert.match(received, /HTTP\/1\.1 408 Request Timeout/);
        assert.match(received, /"code":"request_timeout"/);
      } finally {
        await app.close();
        await db.close();
      }
    });
  }
});
