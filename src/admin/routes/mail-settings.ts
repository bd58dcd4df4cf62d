import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { getShopMailSettings, setShopMailSettings } from '../../app/mail/mail-settings.ts';
import { MAX_MAIL_ADDRESS_LENGTH, MAX_URL_LENGTH } from '../../domain/limits.ts';
import { formText } from '../forms/numbers.ts';
import type { Messages } from '../i18n/index.ts';
import { flashFrom, sendPage, shopContext } from '../request-context.ts';
import {
  MAIL_FIELDS,
  type MailField,
  type MailSettingsForm,
  mailSettingsPage,
} from '../views/mail-settings.ts';

/** The same rules as the API's PUT /v1/mail-settings: e-mail addresses, and http or https links. */
const emailAddress = z.email();
const webAddress = z.url({ protocol: /^https?$/ });

/** Each field's message, if any; an empty field is the default (null). */
function checkMailForm(form: MailSettingsForm, t: Messages): Record<MailField, string | null> | null {
  const out = {} as Record<MailField, string | null>;
  for (const key of MAIL_FIELDS) {
    const value = form.values[key].trim();
    out[key] = value || null;
    if (!value) continue;
    const isMail = key === 'fromAddress' || key === 'replyTo';
    const max = isMail ? MAX_MAIL_ADDRESS_LENGTH : MAX_URL_LENGTH;
    if (value.length > max) form.errors[key] = t.mailSettings.tooLong(String(max));
    else if (!(isMail ? emailAddress : webAddress).safeParse(value).success)
      form.errors[key] = isMail ? t.mailSettings.email : t.mailSettings.url;
  }
  return Object.keys(form.errors).length ? null : out;
}

/** The sender and links of the monthly e-mail, as the API sets them (`setShopMailSettings`). */
export function mailSettingsRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/mail-settings', async (request, reply) => {
    const { frame, shopId } = await shopContext(ctx, request);
    const saved = await getShopMailSettings(ctx, shopId);
    const values = {} as Record<MailField, string>;
    for (const key of MAIL_FIELDS) values[key] = saved[key] ?? '';
    const flash = flashFrom(request, { saved: frame.t.mailSettings.saved });
    return sendPage(reply, mailSettingsPage(frame, { values, errors: {} }, flash));
  });

  app.post('/mail-settings', async (request, reply) => {
    const { frame, shopId } = await shopContext(ctx, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = {} as Record<MailField, string>;
    for (const key of MAIL_FIELDS) values[key] = formText(body[key]);
    const form: MailSettingsForm = { values, errors: {} };
    const settings = checkMailForm(form, frame.t);
    if (!settings) {
      const flash = { kind: 'error' as const, text: frame.t.mailSettings.invalid };
      return sendPage(reply, mailSettingsPage(frame, form, flash), 422);
    }
    await setShopMailSettings(ctx, shopId, settings);
    return reply.redirect('/admin/mail-settings?done=saved', 303);
  });
}
