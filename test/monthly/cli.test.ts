import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { periodOf } from '../../src/domain/conversion/code-validity.ts';

import { postgresForTests } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { seededShopWithMailSink } from './postgres.ts';

const POSTGRES = await postgresForTests();

const run = promisify(execFile);

describe('loyalty run-monthly and send-mail (PostgreSQL)', { skip: POSTGRES.skip }, () => {
  const seeded = suiteFixture(() => seededShopWithMailSink('cli', 40, 2));
  const month = periodOf(new Date(), 'Europe/Helsinki');
  const loyalty = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ['bin/loyalty.mjs', '--database-url', seeded.schema.url, ...args], {
      env: { ...process.env, ...env },
    });

  test('run-monthly prints one line: members converted, codes and their value, e-mails queued, time', async () => {
    const { stdout } = await loyalty(['run-monthly', '--shop', 'cli', '--month', month]);
    assert.match(
      stdout,
      new RegExp(
        `^cli ${month}: 36 members converted, 36 codes worth €[0-9,.]+, 36 e-mails queued in \\d+\\.\\d s\\n$`,
      ),
    );
    const again = await loyalty(['run-monthly', '--shop', 'cli', '--month', month]);
    assert.match(again.stdout, new RegExp(`^cli ${month}: already done earlier \\(36 members converted`));
  });

  test('without --month it runs what is due, which is nothing now', async () => {
    const { stdout } = await loyalty(['run-monthly']);
    assert.match(stdout, /Nothing to convert: every due month has already run\./);
  });

  test('a month not begun yet is refused with one line and exit code 1', async () => {
    await assert.rejects(
      loyalty(['run-monthly', '--shop', 'cli', '--month', '2099-01']),
      (error: unknown) => {
        const e = error as { code: number; stderr: string };
        return e.code === 1 && /^error: 2099-01 begins at .* \[invalid_input\]\n$/.test(e.stderr);
      },
    );
  });

  test('send-mail delivers the queued e-mails once over SMTP_URL', async () => {
    const { stdout } = await loyalty(['send-mail'], { SMTP_URL: seeded.sink.url });
    assert.match(
      stdout,
      /^36 sent through smtp:\/\/127\.0\.0\.1:\d+; 0 to retry later, 0 failed, 0 unknown; \d+\.\d s\n$/,
    );
    assert.equal(seeded.sink.received.length, 36);
    const again = await loyalty(['send-mail'], { SMTP_URL: seeded.sink.url });
    assert.match(again.stdout, /^0 sent/);
    assert.equal(seeded.sink.received.length, 36);
  });
});
