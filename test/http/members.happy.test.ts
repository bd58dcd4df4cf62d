import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { balanceOf, insertCode, ledgerSum } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { apiHarness, assertAnswer, join, orderBody } from './harness.ts';

describe('customers and members', () => {
  const h = suiteFixture(() => apiHarness());

  /** Creates a customer of shop1 through the API; each test uses customers of its own. */
  async function newCustomer(id: string, fields: Record<string, unknown> = {}) {
    const answer = await h.call('PUT', `/v1/customers/${id}`, {
      body: { email: `${id}@example.com`, registeredAt: '2026-05-01T12:00:00+03:00', ...fields },
    });
    if (answer.status !== 201) throw new Error(`customer ${id}: ${answer.status} ${answer.text}`);
  }

  /** Creates a customer and joins them, which pays shop1's 10 join points. */
  async function newMember(id: string, fields: Record<string, unknown> = {}) {
    await newCustomer(id, fields);
    return join(h, id);
  }

  test('a customer is created with the store’s id, then updated', async () => {
    const created = await h.call('PUT', '/v1/customers/cust-9', {
      body: {
        email: 'Maija.Meikalainen@example.com',
        phone: '+358 40 765 4321',
        name: 'Maija Meikäläinen',
        language: 'fi',
        registeredAt: '2026-05-01T12:00:00+03:00',
      },
    });
    assertAnswer(created, 201, {
      object: 'customer',
      id: 'cust-9',
      email: 'Maija.Meikalainen@example.com',
      phone: '+358 40 765 4321',
      name: 'Maija Meikäläinen',
      language: 'fi',
      registeredAt: '2026-05-01T09:00:00.000Z',
      membership: null,
      balance: 0,
    });
    h.clock.advance(1000);
    const updated = await h.call('PUT', '/v1/customers/cust-9', {
      body: { email: 'maija@example.com', phone: '040-765 4321', registeredAt: '2026-05-02T00:00:00Z' },
    });
    assert.equal(updated.status, 200);
    assert.deepEqual(
      [updated.body.email, updated.body.name, updated.body.registeredAt],
      ['maija@example.com', null, '2026-05-01T09:00:00.000Z'],
    );
    const read = await h.call('GET', '/v1/customers/cust-9');
    assert.deepEqual(read.body, updated.body);
  });

  test('joining pays the join points once; leaving and joining again pays nothing', async () => {
    await newCustomer('cust-join');
    const joined = await h.call('POST', '/v1/members', {
      body: { customerId: 'cust-join', source: 'registration' },
    });
    assert.equal(joined.status, 201, joined.text);
    assert.deepEqual(
      [joined.body.object, joined.body.customerId, joined.body.pointsCredited, joined.body.balance],
      ['membership', 'cust-join', 10, 10],
    );
    assert.ok(Number.isInteger(joined.body.memberNumber));
    const left = await h.call('DELETE', '/v1/members/cust-join');
    assert.equal(left.status, 200);
    assert.deepEqual([left.body.membership.active, left.body.balance], [false, 10]);
    assert.equal(left.body.membership.leftAt, h.clock.now().toISOString());
    const back = await h.call('POST', '/v1/members', { body: { customerId: 'cust-join', source: 'pos' } });
    assert.deepEqual(
      [back.status, back.body.pointsCredited, back.body.memberNumber],
      [201, 0, joined.body.memberNumber],
    );
    const member = await h.call('GET', '/v1/members/cust-join');
    assert.deepEqual(
      [member.body.membership.active, member.body.membership.joinSource, member.body.balance],
      [true, 'pos', 10],
    );
  });

  test('the ledger lists every change, newest first, a page at a time', async () => {
    await newMember('cust-ledger');
    await h.call('POST', '/v1/sales', {
      body: orderBody('s1', 'cust-ledger', { placedAt: h.clock.now().toISOString() }),
    });
    await h.call('POST', '/v1/members/cust-ledger/adjustments', {
      body: { points: -5, reason: 'Damaged item goodwill reversed' },
    });
    await h.call('POST', '/v1/members/cust-ledger/adjustments', { body: { points: 3, reason: 'Birthday' } });
    const first = await h.call('GET', '/v1/members/cust-ledger/ledger?limit=2');
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.body.data.map((e: { kind: string; points: number }) => [e.kind, e.points]),
      [
        ['adjustment', 3],
        ['adjustment', -5],
      ],
    );
    assert.equal(first.body.hasMore, true);
    assert.deepEqual([first.body.data[0].author, first.body.data[0].reason], ['Web shop', 'Birthday']);
    const second = await h.call(
      'GET',
      `/v1/members/cust-ledger/ledger?limit=2&before=${first.body.nextBefore}`,
    );
    assert.deepEqual(
      second.body.data.map((e: { kind: string; points: number; refType: string; refId: string }) => [
        e.kind,
        e.points,
        e.refType,
        e.refId,
      ]),
      [
        ['purchase', 59, 'order', 's1'],
        ['join', 10, 'member', 'cust-ledger'],
      ],
    );
    assert.deepEqual([second.body.hasMore, second.body.nextBefore], [false, null]);
    assert.equal(await ledgerSum(h.ctx, 'shop1', 'cust-ledger'), 67);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'cust-ledger'), 67);
  });

  test('codes are listed with status, value and expiry', async () => {
    await newMember('cust-codes');
    const now = h.clock.now();
    await insertCode(h.ctx, {
      shopId: 'shop1',
      code: 'NEW-1',
      customerId: 'cust-codes',
      valueCents: 1500,
      points: 250,
    });
    await insertCode(h.ctx, {
      shopId: 'shop1',
      code: 'OLD-1',
      customerId: 'cust-codes',
      issuedAt: new Date(now.getTime() - 200 * 86_400_000),
      expiresAt: new Date(now.getTime() - 100 * 86_400_000),
    });
    const codes = await h.call('GET', '/v1/members/cust-codes/codes');
    assert.equal(codes.status, 200);
    assert.deepEqual(
      codes.body.data.map((c: { code: string; status: string; valueCents: number }) => [
        c.code,
        c.status,
        c.valueCents,
      ]),
      [
        ['NEW-1', 'active', 1500],
        ['OLD-1', 'expired', 500],
      ],
    );
    const code = codes.body.data[0];
    assert.equal(new Date(code.expiresAt).getTime() - new Date(code.validUntil).getTime(), 1000);
  });

  test('an adjustment records the key’s name as author and moves the balance', async () => {
    await newMember('cust-adjust');
    const before = await balanceOf(h.ctx, 'shop1', 'cust-adjust');
    const answer = await h.call('POST', '/v1/members/cust-adjust/adjustments', {
      body: { points: 100, reason: 'Complaint settled' },
    });
    assert.equal(answer.status, 201);
    assert.deepEqual([answer.body.outcome, answer.body.balance], ['applied', before + 100]);
    assert.ok(Number.isInteger(answer.body.entryId));
    const removed = await h.call('POST', '/v1/members/cust-adjust/adjustments', {
      body: { points: -500, reason: 'Fraud' },
    });
    assert.equal(removed.body.balance, before - 400, 'the balance may go negative');
  });

  test('at the till members are found by e-mail in any case, phone digits or member number', async () => {
    await newMember('cust-till', { email: 'Till.Shopper@example.com', phone: '040-765 9876' });
    await newMember('cust-till-2', { email: 'other.shopper@example.com', phone: '040-765 9875' });
    await h.call('POST', '/v1/members/cust-till/adjustments', {
      body: { points: 7, reason: 'Welcome gift' },
    });
    const byEmail = await h.call('GET', '/v1/members?email=TILL.SHOPPER@example.com');
    assert.deepEqual(
      byEmail.body.data.map((c: { id: string }) => c.id),
      ['cust-till'],
    );
    const byPhone = await h.call('GET', `/v1/members?phone=${encodeURIComponent('+358 40 765 9876')}`);
    assert.deepEqual(
      byPhone.body.data.map((c: { id: string }) => c.id),
      [],
      'stored 040-765 9876: other digits',
    );
    const byDigits = await h.call('GET', '/v1/members?phone=0407659876');
    assert.deepEqual(
      byDigits.body.data.map((c: { id: string }) => c.id),
      ['cust-till'],
    );
    const number = (await h.call('GET', '/v1/members/cust-till')).body.membership.memberNumber;
    const byNumber = await h.call('GET', `/v1/members?memberNumber=${number}`);
    assert.equal(byNumber.body.data[0].balance, (await h.call('GET', '/v1/members/cust-till')).body.balance);
    assert.deepEqual(
      byNumber.body.data.map((c: { id: string; balance: number }) => [c.id, c.balance]),
      [['cust-till', 17]],
    );
    const nobody = await h.call('GET', '/v1/members?email=c1@example.com');
    assert.deepEqual(nobody.body.data, [], 'c1 is a customer but not a member');
  });
});
