import { sql } from 'kysely';
import type { ApiHarness } from '../http/harness.ts';
import type { Operation } from '../http/operations.ts';

/** shop1's endpoint of the operations (`we_sec`, with delivery 900000001) and one to delete, made once. */
async function endpoint(h: ApiHarness, id: string): Promise<void> {
  const now = h.clock.now();
  await sql`insert into webhook_endpoints (shop_id, id, url, event_types, secret, created_at, updated_at)
    values ('shop1', ${id}, 'https://shop.example/hooks', '{member.joined}', 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0', ${now}, ${now})
    on conflict do nothing`.execute(h.ctx.db);
}

/** The webhook endpoints the operations' requests name, for every suite that seeds the operations. */
export async function seedWebhookOperations(h: ApiHarness): Promise<void> {
  await endpoint(h, 'we_sec');
  await endpoint(h, 'we_sec_del');
  const now = h.clock.now();
  await sql`insert into webhook_deliveries
      (shop_id, seq, endpoint_id, event_id, event_type, customer_id, payload, created_at, next_attempt_at, status)
    overriding system value
    values ('shop1', 900000001, 'we_sec', 'evt_sec', 'member.joined', 'sec-c', '{}', ${now}, ${now}, 'succeeded')
    on conflict do nothing`.execute(h.ctx.db);
}

const body = { url: 'https://shop.example/hooks', eventTypes: ['member.joined'] };

/** The webhook endpoints' operations, for the contract tests (test/http/operations.ts). */
export const WEBHOOK_OPERATIONS: Operation[] = [
  {
    resource: 'program',
    method: 'GET',
    path: '/v1/webhook-endpoints',
    url: '/v1/webhook-endpoints',
    variant: {},
    scoped: false,
    cases: [{ name: 'listed', status: 200 }],
  },
  {
    resource: 'program',
    method: 'POST',
    path: '/v1/webhook-endpoints',
    url: '/v1/webhook-endpoints',
    body,
    variant: { body: { ...body, eventTypes: ['member.left'] } },
    scoped: false,
    cases: [
      { name: 'added', status: 201 },
      { name: 'an http URL', status: 422, body: { ...body, url: 'http://shop.example/hooks' } },
    ],
  },
  {
    resource: 'program',
    method: 'GET',
    path: '/v1/webhook-endpoints/{endpointId}',
    url: '/v1/webhook-endpoints/we_sec',
    variant: {},
    scoped: true,
    cases: [
      { name: 'read', status: 200 },
      { name: 'no such endpoint', status: 404, url: '/v1/webhook-endpoints/we_nope' },
    ],
  },
  {
    resource: 'program',
    method: 'PATCH',
    path: '/v1/webhook-endpoints/{endpointId}',
    url: '/v1/webhook-endpoints/we_sec',
    body: { description: 'ERP' },
    variant: { body: { description: 'CRM' } },
    scoped: true,
    cases: [
      { name: 'changed', status: 200 },
      { name: 'no such endpoint', status: 404, url: '/v1/webhook-endpoints/we_nope' },
      { name: 'an ftp URL', status: 422, body: { url: 'ftp://shop.example/' } },
    ],
  },
  {
    resource: 'program',
    method: 'DELETE',
    path: '/v1/webhook-endpoints/{endpointId}',
    url: '/v1/webhook-endpoints/we_sec_del',
    variant: {},
    scoped: true,
    cases: [
      { name: 'deleted', status: 200, prepare: (h) => endpoint(h, 'we_sec_del') },
      { name: 'deleted already', status: 404 },
    ],
  },
  {
    resource: 'program',
    method: 'POST',
    path: '/v1/webhook-endpoints/{endpointId}/rotate-secret',
    url: '/v1/webhook-endpoints/we_sec/rotate-secret',
    body: { overlapHours: 1 },
    variant: { body: { overlapHours: 2 } },
    scoped: true,
    cases: [
      { name: 'rotated', status: 200 },
      { name: 'no such endpoint', status: 404, url: '/v1/webhook-endpoints/we_nope/rotate-secret' },
      { name: 'an overlap too long', status: 422, body: { overlapHours: 1000 } },
    ],
  },
  {
    resource: 'program',
    method: 'GET',
    path: '/v1/webhook-endpoints/{endpointId}/deliveries',
    url: '/v1/webhook-endpoints/we_sec/deliveries',
    variant: {},
    scoped: true,
    cases: [
      { name: 'listed', status: 200 },
      { name: 'no such endpoint', status: 404, url: '/v1/webhook-endpoints/we_nope/deliveries' },
      { name: 'a bad status', status: 422, url: '/v1/webhook-endpoints/we_sec/deliveries?status=lost' },
    ],
  },
  {
    resource: 'program',
    method: 'POST',
    path: '/v1/webhook-endpoints/{endpointId}/deliveries/{seq}/replay',
    url: '/v1/webhook-endpoints/we_sec/deliveries/900000001/replay',
    variant: { url: '/v1/webhook-endpoints/we_sec/deliveries/900000001/replay?again' },
    scoped: true,
    cases: [
      { name: 'queued again', status: 201 },
      {
        name: 'no such delivery',
        status: 404,
        url: '/v1/webhook-endpoints/we_sec/deliveries/899999999/replay',
      },
      { name: 'not a number', status: 422, url: '/v1/webhook-endpoints/we_sec/deliveries/x/replay' },
    ],
  },
];
