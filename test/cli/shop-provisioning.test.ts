import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suiteFixture } from '../support/suite-fixture.ts';
import { cliDatabase, loyalty } from './support/cli-database.ts';

/** `loyalty shop create|list|show|suspend|resume` and `loyalty operator-key` on the suite's database. */
describe('loyalty shop provisioning', () => {
  const cli = suiteFixture(() => cliDatabase('loyalty-provisioning-'));

  test('create makes a shop with its first admin user and prints the password once', async () => {
    const run = await loyalty(
      [
        'shop',
        'create',
        '--id',
        'outdoor',
        '--name',
        'Outdoor Store',
        '--time-zone',
        'Europe/Stockholm',
        '--language',
        'en',
        '--admin-email',
        'owner@example.com',
      ],
      cli.env,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /Created shop outdoor \("Outdoor Store"\): time zone Europe\/Stockholm, language en, currency EUR\./,
    );
    assert.match(run.stdout, /Admin user owner@example\.com; password \(shown only now\): \S{10,}/);
    assert.match(run.stdout, /\/admin\/login\?shop=outdoor/);

    const json = await loyalty(['shop', 'create', '--id', 'plain', '--name', 'Plain', '--json'], cli.env);
    assert.equal(json.code, 0, json.stderr);
    const created = JSON.parse(json.stdout);
    assert.deepEqual(
      [created.id, created.timeZone, created.language, created.currency, created.status, created.adminUser],
      ['plain', 'Europe/Helsinki', 'fi', 'EUR', 'active', null],
    );
  });

  test('refuses a taken id, a bad id, an unknown time zone, another currency: one line, exit 1', async () => {
    const cases: [string[], RegExp][] = [
      [['--id', 'outdoor', '--name', 'Again'], /^error: Shop "outdoor" already exists .*\[shop_exists\]$/],
      [
        ['--id', 'Bad Id', '--name', 'X'],
        /^error: The shop is not valid \(id: .*lower-case.*\) \[invalid_input\]$/,
      ],
      [
        ['--id', 'zoned', '--name', 'X', '--time-zone', 'Europe/Atlantis'],
        /timeZone: "Europe\/Atlantis" is not an IANA time zone/,
      ],
      [
        ['--id', 'dollars', '--name', 'X', '--currency', 'USD'],
        /currency: "USD" is not supported: .*EUR only/,
      ],
      [['--id', 'lang', '--name', 'X', '--language', 'sv'], /language: The language is fi or en/],
      [['--id', 'mailer', '--name', 'X', '--admin-email', 'nope'], /adminEmail: /],
    ];
    for (const [args, message] of cases) {
      const run = await loyalty(['shop', 'create', ...args], cli.env);
      assert.equal(run.code, 1, `${args.join(' ')}: ${run.stdout}`);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0]!, message);
    }
    const shown = await loyalty(['shop', 'show', 'mailer'], cli.env);
    assert.equal(shown.code, 1, 'nothing half-written');
    assert.match(shown.stderr, /Shop "mailer" does not exist \[shop_not_found\]/);
  });

  test('list and show', async () => {
    const list = await loyalty(['shop', 'list'], cli.env);
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trim().split('\n');
    assert.match(lines[0]!, /^ID\s+NAME\s+TIME ZONE\s+LANGUAGE\s+CURRENCY\s+STATUS\s+CREATED$/);
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(/\s+/)[0]),
      ['outdoor', 'plain', 'shop1'],
    );
    const json = JSON.parse((await loyalty(['shop', 'list', '--json'], cli.env)).stdout);
    assert.equal(json.length, 3);
    const shown = await loyalty(['shop', 'show', 'outdoor'], cli.env);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /Shop outdoor: Outdoor Store/);
    assert.match(shown.stdout, /time zone Europe\/Stockholm, language en, currency EUR/);
    assert.match(shown.stdout, /status: active/);
  });

  test('suspend and resume; nothing is deleted', async () => {
    const suspended = await loyalty(['shop', 'suspend', 'plain', '--reason', 'Invoice unpaid'], cli.env);
    assert.equal(suspended.code, 0, suspended.stderr);
    assert.match(suspended.stdout, /Suspended shop plain: its API keys are refused within 10 seconds/);
    const again = await loyalty(['shop', 'suspend', 'plain'], cli.env);
    assert.match(again.stdout, /Shop plain was already suspended/);
    const shown = await loyalty(['shop', 'show', 'plain'], cli.env);
    assert.match(shown.stdout, /status: suspended \S+ \(Invoice unpaid\)/);
    const resumed = await loyalty(['shop', 'resume', 'plain'], cli.env);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /Resumed shop plain/);
    const unknown = await loyalty(['shop', 'suspend', 'nope'], cli.env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr.trim(), /^error: Shop "nope" does not exist \[shop_not_found\]$/);
  });

  test('operator-key create, list and revoke', async () => {
    const created = await loyalty(['operator-key', 'create', '--name', 'Platform', '--json'], cli.env);
    assert.equal(created.code, 0, created.stderr);
    const key = JSON.parse(created.stdout);
    assert.match(key.key, /^op_[A-Za-z0-9_-]{43}$/);
    const list = await loyalty(['operator-key', 'list'], cli.env);
    assert.match(
      list.stdout,
      new RegExp(`${key.id}  Platform  op_\\S+…  created \\S+  last used never  active`),
    );
    assert.doesNotMatch(list.stdout, new RegExp(key.key.slice(10)));
    const revoked = await loyalty(['operator-key', 'revoke', key.id], cli.env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, new RegExp(`Revoked operator key ${key.id}`));
    const unknown = await loyalty(['operator-key', 'revoke', 'opk_nope'], cli.env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /There is no operator key "opk_nope" \[operator_key_not_found\]/);
  });
});
