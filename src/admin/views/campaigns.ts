import type { CampaignEffect } from '../../app/campaigns/campaign-effect.ts';
import type { CampaignView } from '../../app/campaigns/campaigns.ts';
import { localMinute } from '../../domain/campaigns/campaign.ts';
import { type Html, html, trusted, when } from '../html.ts';
import type { Format, Messages } from '../i18n/index.ts';
import { confirmPage } from './confirm-page.ts';
import { csrfField, type Flash, type PageFrame, page } from './layout.ts';

export const campaignHref = (id: string) => `/admin/campaigns/${encodeURIComponent(id)}`;

/** The form's text fields, as typed (times as the shop's local `datetime-local` text). */
export const CAMPAIGN_FORM_FIELDS = [
  'name',
  'multiplierPct',
  'startsAt',
  'endsAt',
  'membersFrom',
  'productIds',
  'categories',
] as const;
export type CampaignFormField = (typeof CAMPAIGN_FORM_FIELDS)[number];

export interface CampaignForm {
  values: Record<CampaignFormField, string>;
  storeVersionIds: string[];
  errors: Partial<Record<CampaignFormField | 'storeVersionIds', string>>;
}

type StoreVersionChoice = { id: string; name: string };

/** A new campaign's form: double points, nothing else filled in. */
export function emptyCampaignForm(): CampaignForm {
  const values = Object.fromEntries(CAMPAIGN_FORM_FIELDS.map((k) => [k, ''])) as CampaignForm['values'];
  return { values: { ...values, multiplierPct: '200' }, storeVersionIds: [], errors: {} };
}

/** A saved campaign as its edit form shows it, its times in the shop's zone. */
export function campaignForm(c: CampaignView, timeZone: string): CampaignForm {
  return {
    values: {
      name: c.name,
      multiplierPct: String(c.multiplierPct),
      startsAt: localMinute(c.startsAt, timeZone),
      endsAt: localMinute(c.endsAt, timeZone),
      membersFrom: c.membersFrom ? localMinute(c.membersFrom, timeZone) : '',
      productIds: c.productIds.join(', '),
      categories: c.categories.join(', '),
    },
    storeVersionIds: [...c.storeVersionIds],
    errors: {},
  };
}

/** ×2, ×1.5 (×1,5 in Finnish). */
export function multiplierText(fmt: Format, pct: number): string {
  const x = String(pct / 100);
  return `×${fmt.lang === 'fi' ? x.replace('.', ',') : x}`;
}

function stateBadge(t: Messages, c: CampaignView): Html {
  const look =
    c.state === 'running' || c.state === 'members_only' ? 'ok' : c.state === 'planned' ? 'draft' : 'muted';
  const early = c.state === 'ended' && c.endedEarly ? ` (${t.campaigns.endedEarly})` : '';
  return html`<span class="badge ${look}" data-state="${c.state}">${t.campaigns.states[c.state] ?? c.state}${early}</span>`;
}

function periodText(t: Messages, fmt: Format, c: CampaignView): string {
  const period = `${fmt.dateTime(c.startsAt)} – ${fmt.dateTime(c.endsAt)}`;
  return c.membersFrom ? `${period} (${t.campaigns.earlyAccess(fmt.dateTime(c.membersFrom))})` : period;
}

function appliesTo(t: Messages, c: CampaignView, versions: StoreVersionChoice[]): string {
  const x = t.campaigns;
  const what = [
    ...(c.productIds.length ? [x.products(c.productIds.join(', '))] : []),
    ...(c.categories.length ? [x.categoryList(c.categories.join(', '))] : []),
  ];
  const names = c.storeVersionIds.map((id) => versions.find((v) => v.id === id)?.name ?? id);
  return `${what.length ? what.join(', ') : x.everything} ${names.length ? x.versions(names.join(', ')) : x.allVersions}`;
}

function textField(
  form: CampaignForm,
  key: CampaignFormField,
  input: { label: string; type?: string; hint?: string; extra?: string },
): Html {
  const error = form.errors[key];
  const hint = input.hint ? html`<p class="help" id="hint-${key}">${input.hint}</p>` : '';
  const describedBy = input.hint ? `hint-${key} err-${key}` : `err-${key}`;
  const control = html`<input id="cmp-${key}" name="${key}" type="${input.type ?? 'text'}" value="${form.values[key]}"${trusted(input.extra ?? '')} aria-describedby="${describedBy}"${when(error !== undefined, ' aria-invalid="true"')}>`;
  return html`<div class="field"><label for="cmp-${key}">${input.label}</label>${control}${hint}
    <p class="field-error" id="err-${key}" data-error-for="${key}">${error ?? ''}</p></div>`;
}

function campaignFields(frame: PageFrame, form: CampaignForm, versions: StoreVersionChoice[]): Html {
  const t = frame.t.campaigns;
  const time = (key: CampaignFormField, label: string, hint?: string) =>
    textField(form, key, { label, type: 'datetime-local', ...(hint ? { hint } : {}) });
  return html`${csrfField(frame)}
    ${textField(form, 'name', { label: t.name, extra: ' maxlength="100" required' })}
    ${textField(form, 'multiplierPct', { label: t.multiplier, hint: t.multiplierHint, extra: ' inputmode="numeric" required' })}
    ${time('startsAt', t.startsAt)}${time('endsAt', t.endsAt, t.endsAtHint)}${time('membersFrom', t.membersFrom, t.membersFromHint)}
    ${textField(form, 'productIds', { label: t.productIds, hint: t.targetsHint })}
    ${textField(form, 'categories', { label: t.categories, hint: t.targetsHint })}
    <fieldset class="field"><legend>${t.storeVersions}</legend>
      ${versions.map(
        (v) =>
          html`<label class="check"><input type="checkbox" name="storeVersionIds" value="${v.id}"${when(form.storeVersionIds.includes(v.id), ' checked')}> ${v.name}</label>`,
      )}
      <p class="help">${t.storeVersionsHint}</p>
      <p class="field-error" data-error-for="storeVersionIds">${form.errors.storeVersionIds ?? ''}</p>
    </fieldset>`;
}

function campaignTable(frame: PageFrame, fmt: Format, campaigns: CampaignView[]): Html {
  const t = frame.t;
  const x = t.campaigns;
  if (campaigns.length === 0) return html`<p>${x.none}</p>`;
  return html`<div class="table-wrap"><table class="data" id="campaigns">
    <thead><tr><th scope="col">${x.name}</th><th scope="col">${x.state}</th><th scope="col">${x.multiplierColumn}</th>
      <th scope="col">${x.period}</th></tr></thead>
    <tbody>${campaigns.map(
      (
        c,
      ) => html`<tr data-campaign="${c.id}"><td data-label="${x.name}"><a href="${campaignHref(c.id)}">${c.name}</a></td>
        <td data-label="${x.state}">${stateBadge(t, c)}</td><td data-label="${x.multiplierColumn}">${multiplierText(fmt, c.multiplierPct)}</td>
        <td data-label="${x.period}" class="small">${periodText(t, fmt, c)}</td></tr>`,
    )}</tbody></table></div>`;
}

/** The campaigns page: every campaign with its state, and the form that creates one. */
export function campaignsPage(
  frame: PageFrame,
  fmt: Format,
  data: {
    campaigns: CampaignView[];
    form: CampaignForm;
    storeVersions: StoreVersionChoice[];
    timeZone: string;
    flash: Flash | null;
  },
): Html {
  const x = frame.t.campaigns;
  return page(frame, {
    title: x.title,
    active: 'campaigns',
    flash: data.flash,
    head: {},
    body: html`<section class="panel"><p class="help">${x.intro(data.timeZone)}</p>${campaignTable(frame, fmt, data.campaigns)}</section>
    <section class="panel" aria-labelledby="new-campaign"><h2 id="new-campaign">${x.newCampaign}</h2>
      <form method="post" action="/admin/campaigns" class="stack" novalidate>${campaignFields(frame, data.form, data.storeVersions)}
        <button type="submit" class="button">${x.create}</button></form></section>`,
  });
}

function figure(key: string, label: string, value: string, sub = ''): Html {
  return html`<div class="figure" data-figure="${key}"><div class="label">${label}</div><div class="value">${value}</div>${sub ? html`<div class="sub">${sub}</div>` : ''}</div>`;
}

function changeText(fmt: Format, share: number | null): string {
  return share !== null && share > 0 ? `+${fmt.percent(share)}` : fmt.percent(share);
}

function effectSection(frame: PageFrame, fmt: Format, c: CampaignView, e: CampaignEffect): Html {
  const x = frame.t.campaigns;
  if (!e.periods)
    return html`<section class="panel" id="campaign-effect"><h2>${x.effect}</h2><p>${x.notOpened}</p></section>`;
  const { during, before } = e.periods;
  const n = (v: number) => fmt.number(v);
  return html`<section class="panel" id="campaign-effect" aria-labelledby="effect-title">
    <h2 id="effect-title">${c.state === 'ended' ? x.effect : x.effectSoFar}</h2>
    <p class="help">${x.during(fmt.dateTime(during.from), fmt.dateTime(during.to))}<br>${x.before(fmt.dateTime(before.from), fmt.dateTime(before.to))}</p>
    <div class="figures">
      ${figure('orders', x.orders, n(e.orders), x.memberOrders(n(e.memberOrders)))}
      ${figure('extra-points', x.extraPoints, n(e.extraPoints), x.extraOrders(n(e.ordersWithExtra)))}
      ${figure('member-sales', x.memberSales, fmt.euros(e.memberSalesCents), x.ordersCount(n(e.memberOrders)))}
      ${figure('member-sales-before', x.memberSalesBefore, fmt.euros(e.memberSalesBeforeCents), x.ordersCount(n(e.memberOrdersBefore)))}
      ${figure('sales-change', x.salesChange, changeText(fmt, e.salesChange))}
    </div>
    <p class="help">${x.extraNote}</p><p class="help">${x.salesNote}</p></section>`;
}

/** A campaign's page: what it is, its effect so far, and the edit form before it opens or End now while it is in force. */
export function campaignPage(
  frame: PageFrame,
  fmt: Format,
  data: {
    campaign: CampaignView;
    effect: CampaignEffect;
    form: CampaignForm | null;
    storeVersions: StoreVersionChoice[];
    flash: Flash | null;
  },
): Html {
  const t = frame.t;
  const x = t.campaigns;
  const c = data.campaign;
  const href = campaignHref(c.id);
  const inForce = c.state === 'running' || c.state === 'members_only';
  return page(frame, {
    title: `${c.name} – ${x.title}`,
    active: 'campaigns',
    flash: data.flash,
    head: { title: c.name, aside: html`<a class="button secondary" href="/admin/campaigns">${x.back}</a>` },
    body: html`<section class="panel"><dl class="summary-list" id="campaign-summary">
      <dt>${x.state}</dt><dd>${stateBadge(t, c)}</dd>
      <dt>${x.multiplierColumn}</dt><dd>${multiplierText(fmt, c.multiplierPct)}</dd>
      <dt>${x.period}</dt><dd>${periodText(t, fmt, c)}</dd>
      <dt>${x.appliesTo}</dt><dd>${appliesTo(t, c, data.storeVersions)}</dd></dl>
      ${
        inForce
          ? html`<form method="post" action="${href}/end" class="form-actions">${csrfField(frame)}
        <button type="submit" class="button danger" id="end-campaign">${x.endNow}</button></form>`
          : ''
      }</section>
    ${effectSection(frame, fmt, c, data.effect)}
    ${
      data.form
        ? html`<section class="panel" aria-labelledby="edit-campaign"><h2 id="edit-campaign">${x.edit}</h2>
      <form method="post" action="${href}" class="stack" novalidate>${campaignFields(frame, data.form, data.storeVersions)}
        <button type="submit" class="button">${x.save}</button></form></section>`
        : ''
    }`,
  });
}

/** The step before ending a campaign early, with the shared confirmation page. */
export function endCampaignPage(frame: PageFrame, c: CampaignView): Html {
  const x = frame.t.campaigns;
  return confirmPage(frame, {
    title: x.endTitle(c.name),
    active: 'campaigns',
    text: x.endText,
    action: `${campaignHref(c.id)}/end`,
    confirm: { label: x.endConfirm, className: 'button danger', id: 'confirm-end' },
    back: { href: campaignHref(c.id), label: x.cancel },
  });
}
