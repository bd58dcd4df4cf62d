import type { Segment } from '../../app/segments/segments.ts';
import { type Html, html, when } from '../html.ts';
import { csrfField, type Flash, type PageFrame, page } from './layout.ts';

/** The filters typed as whole numbers (points, days). */
export const SEGMENT_WHOLE_FIELDS = [
  'balanceMin',
  'balanceMax',
  'pointsToNextTierMin',
  'pointsToNextTierMax',
  'codesExpiringWithinDays',
  'joinedWithinDays',
  'lastOrderWithinDays',
] as const;

/** The form's fields: the filters (spend in euros, not cents), as typed. */
export const SEGMENT_FORM_FIELDS = [
  ...SEGMENT_WHOLE_FIELDS,
  'spendMin',
  'spendMax',
  'storeVersionId',
  'marketingConsent',
] as const;
export type SegmentFormField = (typeof SEGMENT_FORM_FIELDS)[number];

export interface SegmentForm {
  /** The saved segment's id; none for a new one. */
  id?: string;
  name: string;
  values: Record<SegmentFormField, string>;
  errors: Partial<Record<SegmentFormField | 'name', string>>;
}

export interface SegmentPageData {
  segments: Segment[];
  form: SegmentForm;
  count: number | null;
  storeVersions: { id: string; name: string }[];
}

function numberField(
  form: SegmentForm,
  key: SegmentFormField,
  label: string,
  inputMode: 'numeric' | 'decimal' = 'numeric',
): Html {
  const error = form.errors[key];
  return html`<div class="field"><label for="seg-${key}">${label}</label>
    <input type="text" inputmode="${inputMode}" id="seg-${key}" name="${key}" value="${form.values[key]}"
      autocomplete="off" aria-describedby="err-${key}"${when(error !== undefined, ' aria-invalid="true"')}>
    <p class="field-error" id="err-${key}" data-error-for="${key}">${error ?? ''}</p></div>`;
}

function rangeFields(
  frame: PageFrame,
  form: SegmentForm,
  legend: string,
  low: SegmentFormField,
  high: SegmentFormField,
  mode: 'numeric' | 'decimal' = 'numeric',
): Html {
  const t = frame.t.segments;
  return html`<fieldset><legend>${legend}</legend>
    ${numberField(form, low, t.min, mode)}${numberField(form, high, t.max, mode)}</fieldset>`;
}

function filterFields(frame: PageFrame, data: SegmentPageData): Html {
  const t = frame.t.segments;
  const { form } = data;
  const option = (key: SegmentFormField, value: string, label: string) =>
    html`<option value="${value}"${when(form.values[key] === value, ' selected')}>${label}</option>`;
  return html`${rangeFields(frame, form, t.balance, 'balanceMin', 'balanceMax')}
    ${rangeFields(frame, form, t.pointsToNextTier, 'pointsToNextTierMin', 'pointsToNextTierMax')}
    ${numberField(form, 'codesExpiringWithinDays', t.codesExpiringWithinDays)}
    ${numberField(form, 'joinedWithinDays', t.joinedWithinDays)}
    ${numberField(form, 'lastOrderWithinDays', t.lastOrderWithinDays)}
    ${rangeFields(frame, form, t.spend, 'spendMin', 'spendMax', 'decimal')}
    <div class="field"><label for="seg-storeVersionId">${t.storeVersion}</label>
      <select id="seg-storeVersionId" name="storeVersionId" aria-describedby="err-storeVersionId">
        ${option('storeVersionId', '', t.anyVersion)}
        ${data.storeVersions.map((v) => option('storeVersionId', v.id, v.name))}
      </select>
      <p class="field-error" id="err-storeVersionId" data-error-for="storeVersionId">${form.errors.storeVersionId ?? ''}</p></div>
    <div class="field"><label for="seg-marketingConsent">${t.consent}</label>
      <select id="seg-marketingConsent" name="marketingConsent">
        ${option('marketingConsent', '', t.consentAny)}${option('marketingConsent', 'yes', t.consentYes)}${option('marketingConsent', 'no', t.consentNo)}
      </select></div>`;
}

function segmentList(frame: PageFrame, segments: Segment[]): Html {
  const t = frame.t.segments;
  return html`<section class="panel" aria-labelledby="segments-saved"><h2 id="segments-saved">${t.saved}</h2>
    ${
      segments.length
        ? html`<ul class="segment-list">${segments.map(
            (s) => html`<li><a href="/admin/segments/${encodeURIComponent(s.id)}">${s.name}</a></li>`,
          )}</ul>`
        : html`<p class="help">${t.none}</p>`
    }
    <p><a class="button secondary" href="/admin/segments">${t.create}</a></p></section>`;
}

/** Downloads, the bonus grant and deletion of a saved segment. */
function savedActions(frame: PageFrame, id: string): Html {
  const t = frame.t.segments;
  const base = `/admin/segments/${encodeURIComponent(id)}`;
  return html`<section class="panel" aria-labelledby="segment-exports"><h2 id="segment-exports">${t.exports}</h2>
      <p><a href="${base}/members.csv">${t.membersCsv}</a></p>
      <p><a href="${base}/audience.csv">${t.audienceCsv}</a></p><p class="help">${t.audienceHelp}</p></section>
    <section class="panel" aria-labelledby="segment-grant"><h2 id="segment-grant">${t.grant}</h2>
      <p class="help">${t.grantHelp}</p>
      <form method="post" action="${base}/grant">${csrfField(frame)}
        <div class="field"><label for="grant-id">${t.grantId}</label><input id="grant-id" name="grantId" required maxlength="100"></div>
        <div class="field"><label for="grant-points">${t.grantPoints}</label><input id="grant-points" name="points" inputmode="numeric" required></div>
        <div class="field"><label for="grant-reason">${t.grantReason}</label><input id="grant-reason" name="reason" required maxlength="500"></div>
        <button type="submit" class="button">${t.grantButton}</button></form></section>
    <form method="post" action="${base}/delete">${csrfField(frame)}
      <button type="submit" class="button danger">${t.delete}</button></form>`;
}

/**
 * The segments page: the saved segments, and the form of a new or a saved one with the number of
 * members its filters select. The admin script counts again as the filters change
 * (`data-segment-count`: GET /admin/segments/count with the form's fields).
 */
export function segmentsPage(frame: PageFrame, data: SegmentPageData, flash?: Flash | null): Html {
  const t = frame.t.segments;
  const { form } = data;
  const action = form.id ? `/admin/segments/${encodeURIComponent(form.id)}` : '/admin/segments';
  return page(frame, {
    title: form.id ? `${form.name} – ${t.title}` : t.title,
    active: 'segments',
    flash,
    head: { title: form.id ? form.name : t.title, intro: t.intro },
    body: html`${segmentList(frame, data.segments)}
    <section class="panel" aria-labelledby="segment-form-title">
      <h2 id="segment-form-title">${form.id ? form.name : t.create}</h2>
      <form method="post" action="${action}" data-segment-count="/admin/segments/count" novalidate>
        ${csrfField(frame)}
        <div class="field"><label for="seg-name">${t.name}</label>
          <input id="seg-name" name="name" value="${form.name}" maxlength="100" required aria-describedby="err-name"${when(form.errors.name !== undefined, ' aria-invalid="true"')}>
          <p class="field-error" id="err-name" data-error-for="name">${form.errors.name ?? ''}</p></div>
        ${filterFields(frame, data)}
        <p class="segment-count">${t.count}: <output id="segment-count" aria-live="polite" data-counting="${t.counting}">${data.count === null ? '–' : String(data.count)}</output></p>
        <button type="submit" class="button">${t.save}</button>
      </form>
    </section>
    ${form.id ? savedActions(frame, form.id) : ''}`,
  });
}
