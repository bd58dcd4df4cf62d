import type { DeliveryLogRow } from '../../app/webhooks/deliveries.ts';
import type { WebhookEndpoint } from '../../app/webhooks/endpoints.ts';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhooks/event-types.ts';
import { type Html, html, when } from '../html.ts';
import type { Format, Messages } from '../i18n/index.ts';
import { csrfField, type Flash, type PageFrame, page } from './layout.ts';

export const webhookHref = (id: string) => `/admin/webhooks/${encodeURIComponent(id)}`;

/** What the add and edit forms hold (as typed, when refused). */
export interface EndpointForm {
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  error: string | null;
}

function statusOf(t: Messages, e: WebhookEndpoint): Html {
  if (e.enabled) return html`<span class="badge ok">${t.webhooks.on}</span>`;
  return e.disabledReason === 'failing'
    ? html`<span class="badge danger">${t.webhooks.offFailing}</span>`
    : html`<span class="badge draft">${t.webhooks.offMerchant}</span>`;
}

function endpointFields(frame: PageFrame, form: EndpointForm, idPrefix: string): Html {
  const { t } = frame;
  return html`${csrfField(frame)}
    ${form.error ? html`<p class="error" role="alert">${form.error}</p>` : ''}
    <div class="field"><label for="${idPrefix}-url">${t.webhooks.url}</label>
      <input id="${idPrefix}-url" name="url" type="url" required maxlength="2000" value="${form.url}"></div>
    <div class="field"><label for="${idPrefix}-description">${t.webhooks.description}</label>
      <input id="${idPrefix}-description" name="description" maxlength="500" value="${form.description}"></div>
    <fieldset class="field"><legend>${t.webhooks.events}</legend>
      ${WEBHOOK_EVENT_TYPES.map(
        (type) =>
          html`<label class="check"><input type="checkbox" name="eventTypes" value="${type}"${when(form.eventTypes.includes(type), ' checked')}> <code>${type}</code></label>`,
      )}
    </fieldset>
    <label class="check"><input type="checkbox" name="enabled" value="true"${when(form.enabled, ' checked')}> ${t.webhooks.enabled}</label>`;
}

export function webhooksPage(
  frame: PageFrame,
  fmt: Format,
  view: { endpoints: WebhookEndpoint[]; form: EndpointForm; flash: Flash | null },
): Html {
  const { t } = frame;
  return page(frame, {
    title: t.webhooks.title,
    active: 'webhooks',
    flash: view.flash,
    head: {},
    body: html`<section class="panel"><p class="muted">${t.webhooks.intro}</p>
    ${
      view.endpoints.length === 0
        ? html`<p>${t.webhooks.none}</p>`
        : html`<div class="table-wrap"><table class="data" id="webhook-endpoints">
        <thead><tr><th scope="col">${t.webhooks.url}</th><th scope="col">${t.webhooks.events}</th>
          <th scope="col">${t.webhooks.status}</th><th scope="col">${t.webhooks.failingSince}</th><th scope="col"></th></tr></thead>
        <tbody>${view.endpoints.map(
          (
            e,
          ) => html`<tr><td>${e.url}${e.description ? html`<br><span class="small muted">${e.description}</span>` : ''}</td>
            <td class="small">${e.eventTypes.join(', ')}</td><td>${statusOf(t, e)}</td>
            <td>${e.failingSince ? fmt.dateTime(e.failingSince) : '–'}</td>
            <td><a href="${webhookHref(e.id)}">${t.webhooks.open}</a></td></tr>`,
        )}</tbody></table></div>`
    }</section>
    <section class="panel"><h2>${t.webhooks.add}</h2>
      <form method="post" action="/admin/webhooks" class="stack">${endpointFields(frame, view.form, 'new')}
        <button type="submit" class="button">${t.webhooks.add}</button></form></section>`,
  });
}

export function webhookPage(
  frame: PageFrame,
  fmt: Format,
  view: {
    endpoint: WebhookEndpoint;
    secret: string;
    form: EndpointForm;
    deliveries: DeliveryLogRow[];
    nextBefore: number | null;
    flash: Flash | null;
  },
): Html {
  const { t } = frame;
  const e = view.endpoint;
  const href = webhookHref(e.id);
  return page(frame, {
    title: `${t.webhooks.title}: ${e.url}`,
    active: 'webhooks',
    flash: view.flash,
    head: {
      title: e.url,
      aside: html`<a class="button secondary" href="/admin/webhooks">${t.webhooks.back}</a>`,
    },
    body: html`<section class="panel">
      <dl class="summary-list"><dt>${t.webhooks.status}</dt><dd>${statusOf(t, e)}</dd>
        <dt>${t.webhooks.failingSince}</dt><dd>${e.failingSince ? fmt.dateTime(e.failingSince) : '–'}</dd></dl>
      <details><summary>${t.webhooks.showSecret}</summary><p><code id="webhook-secret">${view.secret}</code></p></details>
      <form method="post" action="${href}/rotate">${csrfField(frame)}
        <button type="submit" class="button small secondary">${t.webhooks.rotate}</button></form>
    </section>
    <section class="panel"><form method="post" action="${href}" class="stack">${endpointFields(frame, view.form, 'edit')}
      <button type="submit" class="button">${t.webhooks.save}</button></form></section>
    <section class="panel"><h2>${t.webhooks.deliveries}</h2>
    ${
      view.deliveries.length === 0
        ? html`<p>${t.webhooks.noDeliveries}</p>`
        : html`<div class="table-wrap"><table class="data" id="webhook-deliveries">
        <thead><tr><th scope="col">${t.webhooks.time}</th><th scope="col">${t.webhooks.event}</th><th scope="col">${t.webhooks.member}</th>
          <th scope="col">${t.webhooks.status}</th><th scope="col">${t.webhooks.attempts}</th><th scope="col">${t.webhooks.lastAnswer}</th><th scope="col"></th></tr></thead>
        <tbody>${view.deliveries.map(
          (
            d,
          ) => html`<tr><td>${fmt.dateTime(d.createdAt)}</td><td><code>${d.eventType}</code><br><span class="small muted">${d.eventId}</span></td>
            <td>${d.customerId ?? '–'}</td><td>${t.webhooks.statuses[d.status] ?? d.status}</td><td>${fmt.number(d.attempts)}</td>
            <td class="small">${d.lastStatus ?? ''} ${d.lastError ?? ''}</td>
            <td>${
              d.status === 'succeeded' || d.status === 'failed'
                ? html`<form method="post" action="${href}/deliveries/${String(d.seq)}/replay">${csrfField(frame)}
                <button type="submit" class="button small secondary">${t.webhooks.replay}</button></form>`
                : ''
            }</td></tr>`,
        )}</tbody></table></div>
        ${view.nextBefore ? html`<p><a href="${href}?before=${String(view.nextBefore)}">${t.webhooks.older} →</a></p>` : ''}`
    }</section>`,
  });
}
