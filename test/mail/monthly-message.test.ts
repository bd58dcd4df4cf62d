import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import {
  type MonthlyPayload,
  renderMonthlyMessage,
  type ShopMailContext,
} from '../../src/app/mail/monthly-message.ts';
import { composeMail } from '../../src/mail/compose.ts';

const shop = (language: 'fi' | 'en', overrides: Partial<ShopMailContext> = {}): ShopMailContext => ({
  shopId: 'shop1',
  shopName: 'Kauppa & Koti',
  programName: 'Etuklubi',
  language,
  timeZone: 'Europe/Helsinki',
  fromAddress: 'etuklubi@kauppa.example',
  replyTo: null,
  myAccountUrl: 'https://kauppa.example/oma-tili',
  introPageUrl: 'https://kauppa.example/etuklubi',
  ...overrides,
});

// Issued 1 December 2026 in Helsinki for three months: the code works through 28 February 23:59:59.
const payload: MonthlyPayload = {
  period: '2026-12',
  name: 'Aino',
  balance: 1400,
  codes: [{ code: 'ABCD-EFGH-JKMN-P', valueCents: 4000, expiresAt: '2027-02-28T22:00:00+00:00' }],
};

describe('the monthly e-mail', () => {
  test('in Finnish: euros, dates and points as Finns write them, and both links', () => {
    const message = renderMonthlyMessage(payload, shop('fi'));
    assert.equal(message.subject, 'Alennuskoodisi 40,00\u00a0€ – Etuklubi');
    assert.match(message.text, /^Hei Aino,/);
    assert.match(message.text, /ABCD-EFGH-JKMN-P {3}40,00\u00a0€, voimassa 28\.2\.2027 klo 23\.59 asti/);
    assert.match(message.text, /Pistesaldosi: 1\u00a0400 pistettä/);
    assert.match(message.text, /Omat tiedot: https:\/\/kauppa\.example\/oma-tili/);
    assert.match(message.text, /Tietoa kanta-asiakasohjelmasta: https:\/\/kauppa\.example\/etuklubi/);
    assert.match(message.text, /Ystävällisin terveisin\nKauppa & Koti/);
    assert.match(message.html, /<html lang="fi">/);
    assert.match(message.html, /<strong>ABCD-EFGH-JKMN-P<\/strong>/);
    assert.match(message.html, /<a href="https:\/\/kauppa\.example\/oma-tili">Omat tiedot<\/a>/);
    assert.match(message.html, /Kauppa &amp; Koti/, 'text is escaped in HTML');
  });

  test('in English: €40.00, 28 February 2027 at 23:59, 1,400 points', () => {
    const message = renderMonthlyMessage(payload, shop('en'));
    assert.equal(message.subject, 'Your €40.00 discount code – Etuklubi');
    assert.match(message.text, /^Hello Aino,/);
    assert.match(message.text, /ABCD-EFGH-JKMN-P {3}€40\.00, valid until 28 February 2027 at 23:59/);
    assert.match(message.text, /Your points balance: 1,400 points/);
    assert.match(message.text, /My Account: https:\/\/kauppa\.example\/oma-tili/);
    assert.match(message.text, /About the loyalty program: https:\/\/kauppa\.example\/etuklubi/);
    assert.match(message.html, /<html lang="en">/);
    assert.match(message.html, /Valid until/);
  });

  test('a shop that has not given its My Account page gets only the program link', () => {
    const message = renderMonthlyMessage(payload, shop('en', { myAccountUrl: null }));
    assert.doesNotMatch(message.text, /My Account/);
    assert.doesNotMatch(message.html, /My Account/);
    assert.match(message.text, /About the loyalty program: https:\/\/kauppa\.example\/etuklubi/);
    assert.match(message.html, /<a href="https:\/\/kauppa\.example\/etuklubi">/);
  });

  test('several codes, a negative balance, no name, and dates in the shop’s own zone', () => {
    const many: MonthlyPayload = {
      period: '2027-01',
      name: null,
      balance: -1,
      codes: [
        { code: 'AAAA-BBBB-CCCC-D', valueCents: 500, expiresAt: '2027-04-01T04:00:00Z' },
        { code: 'EEEE-FFFF-GGGG-H', valueCents: 1500, expiresAt: '2027-05-01T04:00:00Z' },
      ],
    };
    const en = renderMonthlyMessage(many, shop('en', { timeZone: 'America/New_York' }));
    assert.equal(en.subject, 'You have 2 valid discount codes – Etuklubi');
    assert.match(en.text, /^Hello,/);
    assert.match(en.text, /€5\.00, valid until 31 March 2027 at 23:59/);
    assert.match(en.text, /€15\.00, valid until 30 April 2027 at 23:59/);
    assert.match(en.text, /Your points balance: -1 point\n/);
    const fi = renderMonthlyMessage(many, shop('fi'));
    assert.equal(fi.subject, 'Sinulla on 2 voimassa olevaa alennuskoodia – Etuklubi');
    assert.match(fi.text, /^Hei,/);
    assert.match(fi.text, /5,00\u00a0€, voimassa 1\.4\.2027 klo 06\.59 asti/);
  });

  test('the HTML reads on a phone: a viewport tag, nothing fixed wider than 390 px, each code labelled', () => {
    const message = renderMonthlyMessage(payload, shop('fi'));
    assert.match(message.html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    const fixed = [...message.html.matchAll(/(?<![\w-])(?:min-)?width\s*[:=]\s*"?(\d+)(?:px)?/g)].map((m) =>
      Number(m[1]),
    );
    assert.deepEqual(
      fixed.filter((px) => px > 390),
      [],
      'only max-width may be wider than a phone',
    );
    assert.match(message.html, /max-width:560px/);
    assert.match(message.html, /white-space:nowrap"><strong>ABCD-EFGH-JKMN-P<\/strong>/);
    assert.match(message.html, /Arvo:<\/span> 40,00\u00a0€/);
    assert.match(message.html, /Voimassa asti:<\/span> 28\.2\.2027 klo 23\.59/);
  });

  test('merchant and member text cannot inject HTML', () => {
    const message = renderMonthlyMessage(
      { ...payload, name: '<script>alert(1)</script>' },
      shop('en', { shopName: '"><img src=x>', programName: 'Club <b>' }),
    );
    assert.doesNotMatch(message.html, /<script>|<img|<b>/);
    assert.match(message.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  test('the MIME message: the shop’s name as sender, the stable Message-ID, text and HTML parts', async () => {
    const context = shop('fi', { replyTo: 'asiakaspalvelu@kauppa.example' });
    const mail = await composeMail(
      context,
      { message_key: 'monthly:2026-12:c1', message_id: 'abc123', recipient: 'aino@example.com' },
      renderMonthlyMessage(payload, context),
      new Date('2026-11-30T22:00:05Z'),
    );
    assert.equal(mail.messageId, '<abc123@kauppa.example>');
    const parsed = await simpleParser(mail.raw);
    assert.equal(parsed.messageId, '<abc123@kauppa.example>');
    assert.deepEqual(parsed.from?.value, [{ address: 'etuklubi@kauppa.example', name: 'Kauppa & Koti' }]);
    assert.equal(parsed.replyTo?.text, 'asiakaspalvelu@kauppa.example');
    assert.equal(parsed.subject, 'Alennuskoodisi 40,00\u00a0€ – Etuklubi');
    assert.match(parsed.text ?? '', /ABCD-EFGH-JKMN-P/);
    assert.match(String(parsed.html), /ABCD-EFGH-JKMN-P/);
    assert.equal(parsed.date?.toISOString(), '2026-11-30T22:00:05.000Z');
  });
});
