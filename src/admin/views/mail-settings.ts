import { type Html, html, when } from '../html.ts';
import { csrfField, type Flash, type PageFrame, page } from './layout.ts';

export const MAIL_FIELDS = ['fromAddress', 'replyTo', 'myAccountUrl', 'introPageUrl'] as const;
export type MailField = (typeof MAIL_FIELDS)[number];

/** The form as given (empty: the default), with the messages beside its fields. */
export interface MailSettingsForm {
  values: Record<MailField, string>;
  errors: Partial<Record<MailField, string>>;
}

export function mailSettingsPage(frame: PageFrame, form: MailSettingsForm, flash?: Flash | null): Html {
  const t = frame.t.mailSettings;
  const fields: [MailField, string, string, 'email' | 'url'][] = [
    ['fromAddress', t.fromAddress, t.fromHelp, 'email'],
    ['replyTo', t.replyTo, t.replyToHelp, 'email'],
    ['myAccountUrl', t.myAccountUrl, t.myAccountHelp, 'url'],
    ['introPageUrl', t.introPageUrl, t.introPageHelp, 'url'],
  ];
  return page(frame, {
    title: t.title,
    active: 'mailSettings',
    flash,
    head: {
      aside: html`<div class="actions"><a class="button secondary" href="/admin/mail">${t.outbox}</a></div>`,
    },
    body: html`<section class="panel narrow" aria-labelledby="mail-settings-title">
      <h2 id="mail-settings-title" class="visually-hidden">${t.title}</h2>
      <p class="help">${t.intro}</p>
      <form method="post" action="/admin/mail-settings" novalidate>
        ${csrfField(frame)}
        ${fields.map(
          ([key, label, help, type]) => html`<div class="field"><label for="mail-${key}">${label}</label>
          <input type="${type}" id="mail-${key}" name="${key}" value="${form.values[key]}"
            maxlength="${type === 'email' ? 320 : 2000}" spellcheck="false" autocomplete="off"
            aria-describedby="mail-${key}-help err-${key}"${when(form.errors[key] !== undefined, ' aria-invalid="true"')}>
          <p class="help" id="mail-${key}-help">${help}</p>
          <p class="field-error" id="err-${key}" data-error-for="${key}">${form.errors[key] ?? ''}</p></div>`,
        )}
        <button type="submit" class="button">${t.save}</button>
      </form>
    </section>`,
  });
}
