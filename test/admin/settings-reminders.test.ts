import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadProgram } from '../../src/app/program/load-program.ts';
import { fieldError, settingsPageSuite } from './support/program-settings-form.ts';

/** The reminders of expiring codes, set on the admin's settings page as the API sets them. */
describe('settings: reminders of codes about to expire', () => {
  const { admin, save } = settingsPageSuite('remind');
  const reminders = async () => (await loadProgram(admin.ctx.db, 'remind')).settings.codeReminders;

  test('off with 7 days until turned on; turned on with the days typed; turned off keeps the days', async () => {
    const page = (await admin.client.get('/admin/program/settings')).text;
    assert.match(
      page,
      /<input type="checkbox" id="remindersOn" name="remindersOn" value="on"\s+aria-describedby/,
    );
    assert.match(page, /id="reminderDays" name="reminderDays" value="7"/);
    assert.equal((await save({ reminderDays: '7' })).status, 303);
    assert.equal(await reminders(), undefined, 'saving the form unchanged sets nothing');

    assert.equal((await save({ remindersOn: 'on', reminderDays: '5' })).status, 303);
    assert.deepEqual(await reminders(), { enabled: true, daysBefore: 5 });
    const on = (await admin.client.get('/admin/program/settings')).text;
    assert.match(on, /id="remindersOn" name="remindersOn" value="on" checked/);
    assert.match(on, /id="reminderDays" name="reminderDays" value="5"/);

    assert.equal((await save({ reminderDays: '5' })).status, 303);
    assert.deepEqual(await reminders(), { enabled: false, daysBefore: 5 });
  });

  test('days that are not a whole number from 1 to 60 are refused beside the field, nothing saved', async () => {
    const before = await reminders();
    for (const [typed, message] of [
      ['0', 'Give a number above zero'],
      ['61', 'At most 60'],
      ['soon', 'Give a whole number'],
      ['', 'Required'],
    ] as const) {
      const answer = await save({ remindersOn: 'on', reminderDays: typed });
      assert.equal(answer.status, 422, typed);
      assert.match(fieldError(answer.text, 'codeReminders.daysBefore'), new RegExp(`^${message}$`), typed);
      assert.match(
        answer.text,
        new RegExp(`name="reminderDays" value="${typed}"\\s+aria-label="days before" aria-invalid="true"`),
      );
    }
    assert.deepEqual(await reminders(), before);
  });

  test('in a Finnish admin the choice is in Finnish', async () => {
    await admin.client.post('/admin/language', { language: 'fi' });
    const page = (await admin.client.get('/admin/program/settings')).text;
    assert.match(
      page,
      /<label for="remindersOn">Muistuta käyttämättömästä koodista ennen kuin se vanhenee<\/label>/,
    );
    assert.match(page, /<span>päivää ennen<\/span>/);
  });
});
