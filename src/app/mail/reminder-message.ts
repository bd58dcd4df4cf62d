import { z } from 'zod';
import { lastValidMoment } from '../../domain/conversion/code-validity.ts';
import type { Language } from '../../domain/program/settings.ts';
import { escapeHtml } from '../html/escape-html.ts';
import { mailFormat } from './format.ts';
import { letterHtml } from './letter-html.ts';
import { LETTER_TEXTS, type LetterTexts } from './letter-texts.ts';
import type { RenderedMessage, ShopMailContext } from './monthly-message.ts';

/** The outbox key of the reminder of one code: one reminder per code, ever. */
export function reminderMessageKey(code: string): string {
  return `reminder:${code}`;
}

/** What the reminders' pass writes into the outbox for one code (src/app/reminders/). */
export const reminderPayloadSchema = z.object({
  name: z.string().nullable(),
  code: z.string(),
  valueCents: z.number().int(),
  expiresAt: z.string(),
  balance: z.number().int(),
});
export type ReminderPayload = z.infer<typeof reminderPayloadSchema>;

interface Texts extends LetterTexts {
  subject(value: string, program: string): string;
  lead(value: string, until: string): string;
  usage: string;
  why: string;
}

const TEXTS: Record<Language, Texts> = {
  fi: {
    ...LETTER_TEXTS.fi,
    subject: (value, program) => `Alennuskoodisi ${value} vanhenee pian – ${program}`,
    lead: (value, until) => `${value} alennuskoodisi on vielä käyttämättä. Se on voimassa ${until} asti.`,
    usage: 'Käytä koodi kirjautuneena verkkokaupassa tai kerro se kassalla.',
    why: 'Saat tämän muistutuksen, koska olet antanut luvan lähettää tarjouksia ja muistutuksia. Voit perua luvan Omat tiedot -sivulla.',
  },
  en: {
    ...LETTER_TEXTS.en,
    subject: (value, program) => `Your ${value} discount code expires soon – ${program}`,
    lead: (value, until) => `your ${value} discount code has not been used yet. It is valid until ${until}.`,
    usage: 'Use it while logged in to the web shop, or give it at the till.',
    why: 'You get this reminder because you agreed to receive offers and reminders. You can withdraw that on My Account.',
  },
};

/** The reminder of one unused code, as plain text and HTML, in the shop's language. */
export function renderReminderMessage(payload: ReminderPayload, shop: ShopMailContext): RenderedMessage {
  const t = TEXTS[shop.language];
  const f = mailFormat(shop.language, shop.timeZone);
  const value = f.euros(payload.valueCents);
  const until = f.moment(lastValidMoment(new Date(payload.expiresAt)));
  const balance = `${t.balance}: ${f.points(payload.balance)}`;
  const text = [
    t.greeting(payload.name),
    '',
    t.lead(value, until),
    '',
    `  ${payload.code}`,
    '',
    t.usage,
    '',
    balance,
    '',
    ...(shop.myAccountUrl ? [`${t.myAccount}: ${shop.myAccountUrl}`, ''] : []),
    t.why,
    '',
    t.regards,
    shop.shopName,
    '',
  ].join('\n');
  const e = escapeHtml;
  const words = { greeting: t.greeting(payload.name), regards: t.regards };
  const html = letterHtml(
    shop,
    words,
    `<p>${e(t.lead(value, until))}</p>
<p style="font-family:monospace;font-size:18px;letter-spacing:1px"><strong>${e(payload.code)}</strong></p>
<p style="font-size:14px;color:#555">${e(t.usage)}</p>
<p>${e(balance)}</p>
${shop.myAccountUrl ? `<p><a href="${e(shop.myAccountUrl)}">${e(t.myAccount)}</a></p>` : ''}
<p style="font-size:12px;color:#777">${e(t.why)}</p>`,
  );
  return { subject: t.subject(value, shop.programName), text, html };
}
