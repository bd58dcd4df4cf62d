import { z } from 'zod';
import { lastValidMoment } from '../../domain/conversion/code-validity.ts';
import type { Language } from '../../domain/program/settings.ts';
import { escapeHtml } from '../html/escape-html.ts';
import { type MailFormat, mailFormat } from './format.ts';
import { letterHtml } from './letter-html.ts';
import { LETTER_TEXTS, type LetterTexts } from './letter-texts.ts';

/** What the monthly run writes into the outbox for one member (see convert-batch.ts). */
export const monthlyPayloadSchema = z.object({
  period: z.string(),
  name: z.string().nullable(),
  balance: z.number().int(),
  codes: z.array(z.object({ code: z.string(), valueCents: z.number().int(), expiresAt: z.string() })).min(1),
  /** The way to the next reward tier: marketing, only for members who consented to it (absent in older rows). */
  nextTier: z.object({ pointsMissing: z.number().int(), valueCents: z.number().int() }).nullable().optional(),
});
export type MonthlyPayload = z.infer<typeof monthlyPayloadSchema>;

/** The shop's side of every message: who sends it, in which language and zone, and where it links to. */
export interface ShopMailContext {
  shopId: string;
  shopName: string;
  programName: string;
  language: Language;
  timeZone: string;
  fromAddress: string;
  replyTo: string | null;
  /** The shop's own My Account page; without one the message links only to the intro page. */
  myAccountUrl: string | null;
  introPageUrl: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

interface Texts extends LetterTexts {
  subjectOne(value: string, program: string): string;
  subjectMany(count: number, program: string): string;
  lead: string;
  validUntil(moment: string): string;
  usage: string;
  nextTier(points: string, value: string): string;
  intro: string;
  codeHeader: string;
  valueHeader: string;
  expiryHeader: string;
}

const TEXTS: Record<Language, Texts> = {
  fi: {
    ...LETTER_TEXTS.fi,
    subjectOne: (value, program) => `Alennuskoodisi ${value} – ${program}`,
    subjectMany: (count, program) => `Sinulla on ${count} voimassa olevaa alennuskoodia – ${program}`,
    lead: 'kuukauden pisteet on laskettu. Voimassa olevat alennuskoodisi:',
    validUntil: (moment) => `voimassa ${moment} asti`,
    usage:
      'Koodit ovat henkilökohtaisia: käytä niitä kirjautuneena verkkokaupassa tai kerro koodi kassalla. Kukin koodi käy kerran.',
    nextTier: (points, value) => `Vielä ${points} seuraavaan alennuskoodiin (${value}).`,
    intro: 'Tietoa kanta-asiakasohjelmasta',
    codeHeader: 'Koodi',
    valueHeader: 'Arvo',
    expiryHeader: 'Voimassa asti',
  },
  en: {
    ...LETTER_TEXTS.en,
    subjectOne: (value, program) => `Your ${value} discount code – ${program}`,
    subjectMany: (count, program) => `You have ${count} valid discount codes – ${program}`,
    lead: "this month's points have been counted. Your valid discount codes:",
    validUntil: (moment) => `valid until ${moment}`,
    usage:
      'The codes are yours alone: use them while logged in to the web shop, or give the code at the till. Each code can be used once.',
    nextTier: (points, value) => `${points} more to your next discount code (${value}).`,
    intro: 'About the loyalty program',
    codeHeader: 'Code',
    valueHeader: 'Value',
    expiryHeader: 'Valid until',
  },
};

/** The member's monthly e-mail, as plain text and HTML, in the shop's language. */
export function renderMonthlyMessage(payload: MonthlyPayload, shop: ShopMailContext): RenderedMessage {
  const t = TEXTS[shop.language];
  const f = mailFormat(shop.language, shop.timeZone);
  const codes = payload.codes.map((c) => ({
    code: c.code,
    value: f.euros(c.valueCents),
    until: f.moment(lastValidMoment(new Date(c.expiresAt))),
  }));
  const subject =
    codes.length === 1
      ? t.subjectOne(codes[0]!.value, shop.programName)
      : t.subjectMany(codes.length, shop.programName);
  return { subject, text: plainText(payload, shop, t, f, codes), html: html(payload, shop, t, f, codes) };
}

type CodeLine = { code: string; value: string; until: string };

function nextTierLine(next: NonNullable<MonthlyPayload['nextTier']>, t: Texts, f: MailFormat): string {
  return t.nextTier(f.points(next.pointsMissing), f.euros(next.valueCents));
}

function plainText(
  payload: MonthlyPayload,
  shop: ShopMailContext,
  t: Texts,
  f: MailFormat,
  codes: CodeLine[],
) {
  return [
    t.greeting(payload.name),
    '',
    t.lead,
    '',
    ...codes.map((c) => `  ${c.code}   ${c.value}, ${t.validUntil(c.until)}`),
    '',
    t.usage,
    '',
    `${t.balance}: ${f.points(payload.balance)}`,
    ...(payload.nextTier ? [nextTierLine(payload.nextTier, t, f)] : []),
    '',
    ...(shop.myAccountUrl ? [`${t.myAccount}: ${shop.myAccountUrl}`] : []),
    `${t.intro}: ${shop.introPageUrl}`,
    '',
    t.regards,
    shop.shopName,
    '',
  ].join('\n');
}

/**
 * The HTML part. It reads on a phone as on a desktop without media queries, which many mail
 * clients drop: a viewport tag, a column that narrows with the screen (max-width only), and each
 * code as a block of its own lines (the code on one line, its value and expiry under it) rather
 * than a three-column table that needs more width than a phone has.
 */
function html(payload: MonthlyPayload, shop: ShopMailContext, t: Texts, f: MailFormat, codes: CodeLine[]) {
  const e = escapeHtml;
  const label = 'color:#555';
  const blocks = codes
    .map(
      (c) =>
        `<div style="border:1px solid #e5e5e5;border-radius:6px;padding:12px;margin:0 0 8px">` +
        `<div style="${label};font-size:13px">${e(t.codeHeader)}</div>` +
        `<div style="font-family:monospace;font-size:18px;letter-spacing:1px;white-space:nowrap"><strong>${e(c.code)}</strong></div>` +
        `<div><span style="${label}">${e(t.valueHeader)}:</span> ${e(c.value)}</div>` +
        `<div><span style="${label}">${e(t.expiryHeader)}:</span> ${e(c.until)}</div></div>`,
    )
    .join('\n');
  const words = { greeting: t.greeting(payload.name), regards: t.regards };
  // Phones must not enlarge the text: the code blocks are laid out for the column's width.
  return letterHtml(
    shop,
    words,
    `<p>${e(t.lead)}</p>
<div style="margin:8px 0 16px">
${blocks}
</div>
<p style="font-size:14px;color:#555">${e(t.usage)}</p>
<p><strong>${e(t.balance)}: ${e(f.points(payload.balance))}</strong></p>
${payload.nextTier ? `<p>${e(nextTierLine(payload.nextTier, t, f))}</p>\n` : ''}<p>${shop.myAccountUrl ? `<a href="${e(shop.myAccountUrl)}">${e(t.myAccount)}</a> · ` : ''}<a href="${e(shop.introPageUrl)}">${e(t.intro)}</a></p>`,
    ';-webkit-text-size-adjust:100%',
  );
}
