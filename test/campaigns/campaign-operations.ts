import { createCampaign } from '../../src/app/campaigns/campaigns.ts';
import type { ApiHarness } from '../http/harness.ts';
import type { Operation } from '../http/operations.ts';

/** A campaign of shop1 made directly, once (later cases find it made). */
async function campaign(h: ApiHarness, id: string, startsAt: string, endsAt: string) {
  const exists = await h.ctx.db
    .selectFrom('campaigns')
    .select('id')
    .where('shop_id', '=', 'shop1')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!exists) await createCampaign(h.ctx, 'shop1', { id, name: id, multiplierPct: 200, startsAt, endsAt });
}
const planned = (h: ApiHarness, id: string) => campaign(h, id, '2030-01-01T00:00', '2030-01-02T00:00');
/** Open since long before the test clock, and for long after it. */
const running = (h: ApiHarness) => campaign(h, 'sec-running', '2020-01-01T00:00', '2039-01-01T00:00');

/** The campaigns the operations' requests name, for every suite that seeds the operations. */
export async function seedCampaignOperations(h: ApiHarness): Promise<void> {
  await planned(h, 'sec-camp');
  await planned(h, 'sec-camp-del');
  await running(h);
}

const campaignBody = {
  name: 'Sale',
  multiplierPct: 200,
  startsAt: '2030-01-01T00:00',
  endsAt: '2030-01-02T00:00',
};
const grant = { grantId: 'sec-grant', customerIds: ['sec-c'], points: 10, reason: 'Thank you' };

/** The campaigns' and bonus grants' operations, for the contract tests (test/http/operations.ts). */
export const CAMPAIGN_OPERATIONS: Operation[] = [
  {
    resource: 'program',
    method: 'GET',
    path: '/v1/campaigns',
    url: '/v1/campaigns?active=now',
    variant: {},
    scoped: false,
    cases: [
      { name: 'listed', status: 200 },
      { name: 'an unknown filter', status: 422, url: '/v1/campaigns?active=soon' },
    ],
  },
  {
    resource: 'program',
    method: 'POST',
    path: '/v1/campaigns',
    url: '/v1/campaigns',
    body: campaignBody,
    variant: { body: { ...campaignBody, multiplierPct: 300 } },
    scoped: false,
    cases: [
      { name: 'created', status: 201 },
      { name: 'ends before it starts', status: 422, body: { ...campaignBody, endsAt: '2029-01-01T00:00' } },
    ],
  },
  {
    resource: 'program',
    method: 'GET',
    path: '/v1/campaigns/{campaignId}',
    url: '/v1/campaigns/sec-camp',
    variant: {},
    scoped: true,
    cases: [
      { name: 'read', status: 200, prepare: (h) => planned(h, 'sec-camp') },
      { name: 'no such campaign', status: 404, url: '/v1/campaigns/nope' },
    ],
  },
  {
    resource: 'program',
    method: 'PUT',
    path: '/v1/campaigns/{campaignId}',
    url: '/v1/campaigns/sec-camp',
    body: campaignBody,
    variant: { body: { ...campaignBody, multiplierPct: 300 } },
    scoped: true,
    cases: [
      { name: 'changed before it opens', status: 200, prepare: (h) => planned(h, 'sec-camp') },
      { name: 'no such campaign', status: 404, url: '/v1/campaigns/nope' },
      { name: 'opened already', status: 409, url: '/v1/campaigns/sec-running', prepare: running },
    ],
  },
  {
    resource: 'program',
    method: 'DELETE',
    path: '/v1/campaigns/{campaignId}',
    url: '/v1/campaigns/sec-camp-del',
    variant: {},
    scoped: true,
    cases: [
      { name: 'deleted before it opens', status: 200, prepare: (h) => planned(h, 'sec-camp-del') },
      { name: 'deleted already', status: 404 },
      { name: 'opened already', status: 409, url: '/v1/campaigns/sec-running', prepare: running },
    ],
  },
  {
    resource: 'program',
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/end',
    url: '/v1/campaigns/sec-running/end',
    variant: { url: '/v1/campaigns/sec-camp/end' },
    scoped: true,
    cases: [
      { name: 'ended', status: 200, prepare: running },
      { name: 'no such campaign', status: 404, url: '/v1/campaigns/nope/end' },
    ],
  },
  {
    resource: 'members',
    method: 'POST',
    path: '/v1/bonus-grants',
    url: '/v1/bonus-grants',
    body: grant,
    variant: { body: { ...grant, grantId: 'sec-grant-2' } },
    scoped: false,
    cases: [
      { name: 'granted', status: 201 },
      { name: 'granted again', status: 200 },
      { name: 'the same id with other points', status: 409, body: { ...grant, points: 11 } },
    ],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/bonus-grants',
    url: '/v1/bonus-grants',
    variant: {},
    scoped: false,
    cases: [{ name: 'listed', status: 200 }],
  },
];
