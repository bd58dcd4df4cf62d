import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { setShopMailSettings } from '../../src/app/mail/mail-settings.ts';
import { listOutbox, outboxCounts } from '../../src/app/mail/outbox.ts';
import { runMonthlyConversion } from '../../src/app/monthly/run-monthly-conversion.ts';
import { deliverPendingMail } from '../../src/mail/deliver-pending-mail.ts';
import { fileTransport } from '../../src/mail/file-transport.ts';
import { createMailTransport, mailDefaults } from '../../src/mail/mailer.ts';
import { smtpTransport } from '../../src/mail/smtp-transport.ts';
import type { MailTransport } from '../../src/mail/transport.ts';
import { local, memberWithPoints } from '../monthly/support.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { publishedShop } from '../support/fixtures.ts';
import { withMailDir } from '../support/mail-folder.ts';
import { prepared, suiteFixture } from '../support/suite-fixture.ts';
import { type SinkBehaviour, type SmtpSink, startSmtpSink } from './smtp-sink.ts';

const defaults = { publicUrl: 'https://loyalty.example', fromAddress: 'loyalty@loyalty.example' };

/** A shop whose July run queued one e-mail for each of `members` (all with 620 points). */
async function shopWithQueuedMail(
  app: TestApp,
  shopId: string,
  members: string[],
  settings: Parameters<typeof publishedShop>[2] = {},
) {
  app.clock.set('2026-06-15T10:00:00Z');
  await publishedShop(app.ctx, shopId, settings);
  for (const id of members) await memberWithPoints(app.ctx, shopId, id, 620, { name: `Member ${id}` });
  app.clock.set(local('2026-07-01 00:00'));
  await runMonthlyConversion(app.ctx, { shopId, period: '2026-07' });
}

async function outbox(app: TestApp, shopId = 'shop') {
  return app.ctx.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('shop_id', '=', shopId)
    .orderBy('message_key')
    .execute();
}

describe('delivery over SMTP to a real server on loopback', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let transport: MailTransport;
  before(async () => {
    app = await testApp();
    await shopWithQueuedMail(app, 'shop', ['c1', 'c2', 'c3'], { language: 'en', name: 'Club Plus' });
    await setShopMailSettings(app.ctx, 'shop', {
      fromAddress: 'club@shop.example',
      myAccountUrl: 'https://shop.example/account',
      introPageUrl: 'https://shop.example/club',
    });
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
  });
  after(async () => {
    await transport.close();
    await sink.close();
    await app.close();
  });

  test('each member gets one message: the shop as sender, their code, value, expiry, balance and links', async () => {
    app.clock.set(local('2026-07-01 00:00:05'));
    const report = await deliverPendingMail(app.ctx, transport, { defaults });
    assert.deepEqual([report.attempted, report.sent, report.failed], [3, 3, 0]);
    assert.equal(sink.received.length, 3);
    const c1 = sink.received.find((m) => m.envelopeTo[0] === 'c1@example.com')!;
    const parsed = await c1.parsed();
    const [code] = await app.ctx.db
      .selectFrom('discount_codes')
      .select('code')
      .where('customer_id', '=', 'c1')
      .execute();
    assert.deepEqual(parsed.from?.value, [{ address: 'club@shop.example', name: 'Shop shop' }]);
    assert.equal(parsed.subject, 'Your €40.00 discount code – Club Plus');
    assert.match(
      parsed.text ?? '',
      new RegExp(`${code!.code} {3}€40\\.00, valid until 30 September 2026 at 23:59`),
    );
    assert.match(parsed.text ?? '', /Your points balance: 120 points/);
    assert.match(parsed.text ?? '', /My Account: https:\/\/shop\.example\/account/);
    assert.match(String(parsed.html), /href="https:\/\/shop\.example\/club"/);
    const row = (await outbox(app)).find((r) => r.customer_id === 'c1')!;
    assert.equal(parsed.messageId, `<${row.message_id}@shop.example>`);
    assert.equal(row.status, 'sent');
    assert.equal(row.sent_at?.toISOString(), local('2026-07-01 00:00:05').toISOString());
  });

  test('delivering again sends nothing more', async () => {
    const report = await deliverPendingMail(app.ctx, transport, { defaults });
    assert.equal(report.attempted, 0);
    assert.equal(sink.received.length, 3);
    assert.deepEqual([...sink.counts().values()], [1, 1, 1]);
  });

  test('the admin lists the shop’s mail with its state', async () => {
    const page = await listOutbox(app.ctx, 'shop', { limit: 2 });
    assert.deepEqual(
      page.entries.map((e) => [e.messageKey, e.status]),
      [
        ['monthly:2026-07:c3', 'sent'],
        ['monthly:2026-07:c2', 'sent'],
      ],
    );
    const rest = await listOutbox(app.ctx, 'shop', { limit: 2, before: page.nextBefore! });
    assert.deepEqual(
      rest.entries.map((e) => e.messageKey),
      ['monthly:2026-07:c1'],
    );
    assert.equal(rest.nextBefore, null);
    assert.equal((await outboxCounts(app.ctx, 'shop')).sent, 3);
  });
});

describe('retries, refusals and broken connections', () => {
  const app = suiteFixture(() => testApp());
  let sink: SmtpSink | undefined;
  let transport: MailTransport | undefined;
  let shopCount = 0;
  let shop = '';
  beforeEach(async () => {
    shop = `r${++shopCount}`;
    await shopWithQueuedMail(app, shop, ['c1', 'c2']);
  });
  afterEach(async () => {
    await transport?.close();
    await sink?.close();
  });
  const start = async (behaviour: SinkBehaviour) => {
    sink = await startSmtpSink(behaviour);
    transport = smtpTransport(sink.url);
    return { sink, transport };
  };
  const options = () => ({ defaults, shopId: shop });

  test('a temporary refusal is retried after a backoff, and then delivered once', async () => {
    let refuse = true;
    const { sink, transport } = await start({
      refuseData: () => (refuse ? { code: 451, message: 'Try again later' } : undefined),
    });
    const first = await deliverPendingMail(app.ctx, transport, options());
    assert.deepEqual([first.sent, first.retrying], [0, 2]);
    const waiting = await outbox(app, shop);
    assert.ok(
      waiting.every(
        (r) => r.status === 'pending' && r.attempts === 1 && /Try again later/.test(r.last_error ?? ''),
      ),
    );
    assert.equal(waiting[0]!.next_attempt_at.getTime() - app.clock.now().getTime(), 60_000, 'one minute');

    refuse = false;
    assert.equal((await deliverPendingMail(app.ctx, transport, options())).attempted, 0, 'not due yet');
    app.clock.advance(60_000);
    const second = await deliverPendingMail(app.ctx, transport, options());
    assert.equal(second.sent, 2);
    assert.equal(sink.received.length, 2);
    assert.ok(
      (await outbox(app, shop)).every(
        (r) => r.status === 'sent' && r.attempts === 2 && r.last_error === null,
      ),
    );
  });

  test('a permanent refusal of the recipient fails the message without retrying', async () => {
    const { sink, transport } = await start({
      refuseRecipient: (address) =>
        address === 'c1@example.com' ? { code: 550, message: 'No such user' } : undefined,
    });
    const report = await deliverPendingMail(app.ctx, transport, options());
    assert.deepEqual([report.sent, report.failed], [1, 1]);
    const rows = await outbox(app, shop);
    assert.deepEqual(
      rows.map((r) => [r.customer_id, r.status]),
      [
        ['c1', 'failed'],
        ['c2', 'sent'],
      ],
    );
    assert.match(rows[0]!.last_error ?? '', /No such user/);
    assert.equal(sink.received.length, 1);
  });

  test('a connection dropped after the end of data leaves the message unknown, never sent again', async () => {
    const { sink, transport } = await start({ dropAfterData: (raw) => raw.includes('To: c1@example.com') });
    const report = await deliverPendingMail(app.ctx, transport, options());
    assert.deepEqual([report.sent, report.unknown], [1, 1]);
    app.clock.advance(24 * 3600_000);
    assert.equal((await deliverPendingMail(app.ctx, transport, options())).attempted, 0);
    assert.equal(sink.received.length, 2, 'the server did get it, once');
    assert.deepEqual(
      (await outbox(app, shop)).map((r) => [r.customer_id, r.status]),
      [
        ['c1', 'unknown'],
        ['c2', 'sent'],
      ],
    );
  });

  test('a sender whose claim ran out is fenced off: the message leaves once, from the sender holding it', async () => {
    const { sink, transport } = await start({});
    const other = smtpTransport(sink.url);
    let overtaken: Awaited<ReturnType<typeof deliverPendingMail>> | undefined;
    const slow = await deliverPendingMail(app.ctx, transport, {
      ...options(),
      leaseMs: 1000,
      hooks: {
        // The first sender stalls after claiming; its lease runs out and a second sender takes over.
        afterClaim: async () => {
          if (overtaken) return;
          app.clock.advance(2000);
          overtaken = await deliverPendingMail(app.ctx, other, options());
        },
      },
    });
    await other.close();
    assert.equal(overtaken?.sent, 2);
    assert.equal(slow.fenced, 2);
    assert.equal(slow.sent, 0);
    assert.equal(sink.received.length, 2);
    assert.deepEqual([...sink.counts().values()], [1, 1]);
  });

  test('connections the server closed while idle are opened again, without a lost attempt', async () => {
    const { sink, transport } = await start({});
    const first = await deliverPendingMail(app.ctx, transport, { ...options(), maxMessages: 1 });
    assert.equal(first.sent, 1);
    // The server's idle timeout, fired on the kept-open connection once it is idle.
    assert.equal(await sink.closeIdleConnections(), 1);
    const second = await deliverPendingMail(app.ctx, transport, options());
    assert.deepEqual([second.sent, second.retrying], [1, 0]);
    assert.equal(sink.received.length, 2);
  });

  test('an unreachable server: not sent, retried later', async () => {
    const closed = smtpTransport('smtp://127.0.0.1:9?ignoreTLS=true');
    const report = await deliverPendingMail(app.ctx, closed, options());
    await closed.close();
    assert.deepEqual([report.sent, report.retrying], [0, 2]);
    assert.ok((await outbox(app, shop)).every((r) => r.status === 'pending' && r.last_error));
  });
});

describe('without SMTP: messages kept as .eml files', () => {
  const app = suiteFixture(() =>
    prepared(withMailDir(testApp()), (opened) => shopWithQueuedMail(opened, 'shop', ['c1', 'weird/../id'])),
  );

  test('each message is written once to the mail folder and listed as kept', async () => {
    const transport = createMailTransport({ smtpUrl: undefined, mailDir: app.mailDir });
    assert.equal(transport.kind, 'file');
    const report = await deliverPendingMail(app.ctx, transport, {
      defaults: mailDefaults({ smtpUrl: undefined, publicUrl: 'http://localhost:3000' }),
    });
    assert.equal(report.kept, 2);
    const files = await readdir(join(app.mailDir, 'shop'));
    assert.deepEqual(files.sort(), [
      'monthly%3A2026-07%3Ac1.eml',
      'monthly%3A2026-07%3Aweird%2F%2E%2E%2Fid.eml',
    ]);
    const rows = await outbox(app);
    assert.ok(rows.every((r) => r.status === 'kept' && r.kept_path?.startsWith(app.mailDir)));
    const parsed = await simpleParser(await readFile(rows[0]!.kept_path!));
    assert.equal(parsed.from?.value[0]?.address, 'loyalty@localhost');
    assert.match(parsed.subject ?? '', /Alennuskoodisi 40,00/);
    assert.equal((await deliverPendingMail(app.ctx, fileTransport(app.mailDir))).attempted, 0);
    assert.equal((await readdir(join(app.mailDir, 'shop'))).length, 2);
  });

  test('the default sender comes from SMTP_URL’s from, or the public address', () => {
    assert.equal(
      mailDefaults({
        smtpUrl: 'smtp://mail.example.com:587?from=club@shop.example',
        publicUrl: 'http://x:3000',
      }).fromAddress,
      'club@shop.example',
    );
    assert.equal(
      mailDefaults({ smtpUrl: undefined, publicUrl: 'https://loyalty.example' }).fromAddress,
      'loyalty@loyalty.example',
    );
    assert.equal(
      createMailTransport({ smtpUrl: 'smtp://u:secret@mail.example.com', mailDir: app.mailDir }).description,
      'smtp://u:***@mail.example.com',
    );
  });
});
