// A service process doing a month's run and its mail delivery, for crash-safety.test.ts to kill.
// Usage: node --import tsx test/monthly/crash-child.ts <database url> <smtp url> <shop> <month> <stop point | ->
// At the stop point it prints "PAUSED <point>" and waits to be killed; otherwise it ends with "DONE".
import { setTimeout as sleep } from 'node:timers/promises';
import { runMonthlyConversion } from '../../src/app/monthly/run-monthly-conversion.ts';
import { systemClock } from '../../src/clock.ts';
import { openPostgres } from '../../src/db/connect.ts';
import { deliverPendingMail } from '../../src/mail/deliver-pending-mail.ts';
import { smtpTransport } from '../../src/mail/smtp-transport.ts';

const [databaseUrl, smtpUrl, shopId, period, stopAt] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const say = (line: string) => process.stdout.write(`${line}\n`);
const pause = async (point: string) => {
  if (point !== stopAt) return;
  say(`PAUSED ${point}`);
  await new Promise(() => {});
};

const database = await openPostgres(databaseUrl, 4);
const ctx = { db: database.db, clock: systemClock };
say('STARTED');
let progress = 0;
await runMonthlyConversion(ctx, {
  shopId,
  period,
  batchSize: 25,
  concurrency: 2,
  onProgress: () => pause(`progress:${++progress}`),
});
await pause('converted');

const transport = smtpTransport(smtpUrl);
let claims = 0;
let waves = 0;
for (;;) {
  await deliverPendingMail(ctx, transport, {
    leaseMs: 400,
    batchSize: 40,
    hooks: {
      afterClaim: () => pause(`claim:${++claims}`),
      afterHandOver: () => pause(`handed:${++waves}`),
    },
  });
  const open = await ctx.db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopId)
    .where('status', 'in', ['pending', 'sending'])
    .executeTakeFirstOrThrow();
  if (Number(open.n) === 0) break;
  // Messages claimed or handed over by a killed process wait for its lease to run out.
  await sleep(150);
}
await transport.close();
await database.close();
say('DONE');
