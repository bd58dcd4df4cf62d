import type { MarketingConsent } from '../../app/consent/marketing-consent.ts';
import { type Html, html } from '../html.ts';
import type { Format } from '../i18n/index.ts';
import { csrfField, type PageFrame } from './layout.ts';

/**
 * The customer's consent to marketing as it stands (when, and through what), with the one button
 * that records the opposite: for a customer who asks the shop by phone or at the counter.
 */
export function memberConsent(
  frame: PageFrame,
  fmt: Format,
  consent: MarketingConsent,
  customerId: string,
): Html {
  const t = frame.t.consent;
  const through = consent.source ? t.sources[consent.source] : '';
  const state = consent.changedAt
    ? (consent.granted ? t.granted : t.withdrawn)(fmt.date(consent.changedAt), through)
    : t.neverAsked;
  return html`<dt>${t.title}</dt><dd><span id="marketing-consent">${state}</span>
      <form method="post" action="/admin/members/${encodeURIComponent(customerId)}/marketing-consent" class="inline-form">
        ${csrfField(frame)}
        <input type="hidden" name="granted" value="${consent.granted ? 'false' : 'true'}">
        <button type="submit" class="button small secondary">${consent.granted ? t.withdraw : t.grant}</button>
      </form></dd>`;
}
