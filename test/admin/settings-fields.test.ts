import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadProgram } from '../../src/app/program/load-program.ts';
import { fieldError, settingsPageSuite } from './support/program-settings-form.ts';

/**
 * The settings form's newer fields: the limit on what the codes cost (kept with the settings),
 * the searchable time zone, and the monthly e-mail's preview.
 */
describe('settings: the codes’ cost limit, the time zone and the e-mail preview', () => {
  const { admin, save } = settingsPageSuite('fields');

  test('the limit is saved with the settings, typed in per cent; empty is the default 10 %', async () => {
    assert.equal((await loadProgram(admin.ctx.db, 'fields')).settings.codeCostLimitBp, undefined);
    assert.match(
      (await admin.client.get('/admin/program/settings')).text,
      /id="codeCostLimit" name="codeCostLimit" value="10"/,
      'a program without its own limit shows the default',
    );
    assert.equal((await save({ codeCostLimit: '12,5 %' })).status, 303);
    assert.equal((await loadProgram(admin.ctx.db, 'fields')).settings.codeCostLimitBp, 1250);
    assert.match(
      (await admin.client.get('/admin/program/settings')).text,
      /id="codeCostLimit" name="codeCostLimit" value="12.5"/,
      'as an English admin writes it',
    );
    assert.equal((await save({ codeCostLimit: '' })).status, 303);
    assert.equal((await loadProgram(admin.ctx.db, 'fields')).settings.codeCostLimitBp, undefined);
  });

  test('a limit that is not a percentage from 0.01 to 100 is refused beside its field', async () => {
    for (const [typed, message] of [
      ['lots', 'Give a percentage, such as 10 or 12.5'],
      ['12.555', 'Give a percentage, such as 10 or 12.5'],
      ['150', 'From 0.01 to 100 %'],
      ['0', 'From 0.01 to 100 %'],
    ] as const) {
      const answer = await save({ codeCostLimit: typed });
      assert.equal(answer.status, 422, typed);
      assert.equal(fieldError(answer.text, 'codeCostLimitBp'), message, typed);
      assert.match(answer.text, new RegExp(`name="codeCostLimit" value="${typed}"\\s+aria-invalid="true"`));
    }
    assert.equal((await loadProgram(admin.ctx.db, 'fields')).settings.codeCostLimitBp, undefined);
  });

  test('the time zone is searched from a list, the zones of our merchants first', async () => {
    const page = await admin.client.get('/admin/program/settings');
    assert.match(
      page.text,
      /<input type="text" id="timeZone" name="timeZone" value="Europe\/Helsinki" list="time-zones"/,
    );
    const list = /<datalist id="time-zones">(.*?)<\/datalist>/s.exec(page.text)![1]!;
    const zones = [...list.matchAll(/<option value="([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(zones.slice(0, 8), [
      'Europe/Helsinki',
      'Europe/Stockholm',
      'Europe/Tallinn',
      'Europe/Oslo',
      'Europe/Copenhagen',
      'Europe/Berlin',
      'Europe/London',
      'UTC',
    ]);
    assert.ok(zones.includes('America/New_York') && zones.includes('Asia/Tokyo'));
    assert.equal(new Set(zones).size, zones.length, 'each zone once');
  });

  test('an unknown time zone is refused with a clear message; a known one in any letter case is saved', async () => {
    const wrong = await save({ timeZone: 'Europe/Helsink' });
    assert.equal(wrong.status, 422);
    assert.equal(
      fieldError(wrong.text, 'timeZone'),
      '“Europe/Helsink” is not a time zone we know. Choose one from the list, such as Europe/Helsinki.',
    );
    assert.match(wrong.text, /name="timeZone" value="Europe\/Helsink"/, 'what was typed is shown back');
    const empty = await save({ timeZone: ' ' });
    assert.equal(fieldError(empty.text, 'timeZone'), 'Choose a time zone, such as Europe/Helsinki');
    assert.equal((await loadProgram(admin.ctx.db, 'fields')).settings.timeZone, 'Europe/Helsinki');
    assert.equal((await save({ timeZone: 'europe/stockholm' })).status, 303);
    assert.equal((await loadProgram(admin.ctx.db, 'fields')).settings.timeZone, 'Europe/Stockholm');
    assert.equal((await save({ timeZone: 'Europe/Helsinki' })).status, 303);
  });

  test('the e-mail preview is the monthly letter with the settings as typed', async () => {
    const page = await admin.client.get('/admin/program/settings');
    const src = /<iframe class="mail-preview-frame" id="mail-preview" src="([^"]+)"/.exec(page.text)![1]!;
    assert.match(src, /^\/admin\/program\/mail-preview\?name=Club&amp;language=en/);
    const params = new URLSearchParams({
      name: 'Retkeilijän pisteet',
      language: 'fi',
      timeZone: 'Europe/Helsinki',
      codeValidityMonths: '6',
    });
    for (const [points, value] of [
      ['150', '7,50'],
      ['400', '20'],
    ]) {
      params.append('tierPoints', points!);
      params.append('tierValue', value!);
    }
    const letter = await admin.client.get(`/admin/program/mail-preview?${params}`);
    assert.equal(letter.status, 200);
    assert.match(String(letter.headers['content-security-policy']), /^sandbox; default-src 'none'/);
    assert.equal(letter.headers['x-frame-options'], 'SAMEORIGIN');
    assert.match(letter.text, /<html lang="fi">/);
    assert.match(letter.text, /Retkeilijän pisteet/);
    assert.match(letter.text, /Hei Maija Meikäläinen,/);
    // A code of the cheapest tier, issued on July 1 and valid for six months.
    assert.match(letter.text, /7,50\s€/);
    assert.match(letter.text, /31\.12\.2026 klo 23\.59/);
    assert.match(letter.text, /Shop fields/, 'signed by the shop');
  });

  test('in the e-mail preview an invalid field keeps its saved value, the others are as typed', async () => {
    const params = new URLSearchParams({ name: 'Typed name', codeValidityMonths: '0' });
    const letter = await admin.client.get(`/admin/program/mail-preview?${params}`);
    assert.equal(letter.status, 200);
    assert.match(letter.text, /Typed name/);
    assert.match(letter.text, /Hello Alex Taylor,/, 'the saved language');
    // The saved validity, 3 months from July 1: the last valid moment is September 30.
    assert.match(letter.text, /30 September 2026 at 23:59/);
  });
});
