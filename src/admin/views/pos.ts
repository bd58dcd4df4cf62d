import type { StoreVersionView } from '../../app/store-versions/list-store-versions.ts';
import { type Html, html, jsonScript, when } from '../html.ts';
import { type PageFrame, page } from './layout.ts';

/**
 * The till: find a member (typed, scanned by a keyboard-wedge scanner, or with the camera), see
 * their points and valid codes, enter the sale and complete it. The page's script (pos.js) does
 * the work through the JSON routes of src/admin/routes/pos.ts; `cameraScript` is the barcode
 * reader it loads only when the camera is asked for.
 */
export function posPage(
  frame: PageFrame,
  view: { stores: StoreVersionView[]; cameraScript: string | null; query: string },
): Html {
  const t = frame.t.pos;
  const stores = view.stores.filter((s) => s.selected && !s.requiresLogin);
  return page(frame, {
    title: t.title,
    active: 'pos',
    pos: true,
    body: html`<h1 class="visually-hidden">${t.title}</h1>
    ${jsonScript('pos-data', { texts: t, csrf: frame.session?.csrfToken ?? '', cameraScript: view.cameraScript })}
    <p id="pos-network" class="flash error" role="alert" hidden>${t.browserOffline}</p>
    <div class="pos">
      <section class="panel pos-find" aria-labelledby="pos-find-title">
        <h2 id="pos-find-title">${t.findTitle}</h2>
        ${searchForm(frame, view.query)}
        <div id="pos-camera-view" class="pos-camera" hidden>
          <video id="pos-video" muted playsinline aria-label="${t.cameraVideo}"></video>
          <button type="button" id="pos-camera-stop" class="button secondary small">${t.cameraStop}</button>
        </div>
        <p id="pos-search-status" class="pos-status" role="status" aria-live="polite"></p>
        <ul id="pos-results" class="pos-results" aria-label="${t.findTitle}"></ul>
        ${memberPanel(frame)}
      </section>
      <section class="panel pos-sale" aria-labelledby="pos-sale-title">
        <h2 id="pos-sale-title">${t.saleTitle}</h2>
        ${stores.length === 0 ? html`<p class="flash error">${t.noStore}</p>` : saleForm(frame, stores)}
      </section>
    </div>`,
  });
}

function searchForm(frame: PageFrame, query: string): Html {
  const t = frame.t.pos;
  return html`<form id="pos-search" method="get" action="/admin/pos" role="search">
    <div class="field">
      <label for="pos-q">${t.searchLabel}</label>
      <div class="pos-row">
        <input type="search" id="pos-q" name="q" value="${query}" autocomplete="off" autocapitalize="off"
          spellcheck="false" enterkeyhint="search" aria-describedby="pos-q-help" autofocus required>
        <button type="submit" class="button">${t.find}</button>
        <button type="button" id="pos-camera" class="button secondary" hidden>${t.camera}</button>
      </div>
      <p id="pos-q-help" class="help">${t.searchHint}</p>
    </div>
  </form>`;
}

function memberPanel(frame: PageFrame): Html {
  const t = frame.t.pos;
  return html`<div id="pos-member" class="pos-member" hidden tabindex="-1" aria-labelledby="pos-member-name">
    <h3 id="pos-member-name"></h3>
    <dl class="pos-figures">
      <div><dt>${t.memberNumber}</dt><dd id="pos-member-number"></dd></div>
      <div><dt>${t.balance}</dt><dd id="pos-balance" class="pos-balance"></dd></div>
    </dl>
    <h4>${t.codes}</h4>
    <ul id="pos-codes" class="pos-codes"></ul>
  </div>`;
}

function saleForm(frame: PageFrame, stores: StoreVersionView[]): Html {
  const t = frame.t.pos;
  return html`<form id="pos-sale-form" novalidate>
    <p class="muted pos-sale-number">${t.saleNumber}: <span id="pos-order-id">–</span></p>
    <div class="field">
      <label for="pos-store">${t.store}</label>
      <select id="pos-store" name="storeVersionId">
        ${stores.map((s, i) => html`<option value="${s.id}"${when(i === 0, ' selected')}>${s.name}</option>`)}
      </select>
    </div>
    <fieldset>
      <legend>${t.lines}</legend>
      <p class="help">${t.linesHint}</p>
      <table class="pos-lines" hidden>
        <thead><tr><th scope="col" class="pos-col">${t.product}</th><th scope="col" class="pos-col">${t.quantity}</th><th scope="col" class="pos-col">${t.unitPrice}</th><th scope="col" class="pos-col"><span class="visually-hidden">${t.removeLine.replace(' {n}', '')}</span></th></tr></thead>
        <tbody id="pos-lines"></tbody>
      </table>
      <button type="button" id="pos-add-line" class="button secondary small">${t.addLine}</button>
    </fieldset>
    <div class="field">
      <label for="pos-total">${t.total}</label>
      <input type="text" id="pos-total" name="total" inputmode="decimal" autocomplete="off" class="short pos-money" aria-describedby="pos-total-help">
      <p id="pos-total-help" class="help" hidden>${t.totalFromLines}</p>
    </div>
    <div class="field">
      <label for="pos-code">${t.code}</label>
      <div class="pos-row">
        <input type="text" id="pos-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false">
        <button type="button" id="pos-apply" class="button secondary">${t.applyCode}</button>
        <button type="button" id="pos-remove-code" class="button secondary" hidden>${t.removeCode}</button>
      </div>
      <p id="pos-code-status" class="pos-status" role="status" aria-live="polite"></p>
    </div>
    <dl class="pos-figures pos-totals">
      <div><dt>${t.discount}</dt><dd id="pos-discount">–</dd></div>
      <div><dt>${t.toPay}</dt><dd id="pos-to-pay" class="pos-balance">–</dd></div>
    </dl>
    <p id="pos-form-error" class="pos-status error" role="alert"></p>
    <p id="pos-state" class="pos-state" role="status" aria-live="polite"></p>
    <div class="pos-row">
      <button type="submit" id="pos-complete" class="button large">${t.complete}</button>
      <button type="button" id="pos-retry" class="button large" hidden>${t.retry}</button>
      <button type="button" id="pos-new" class="button secondary large" hidden>${t.newSale}</button>
    </div>
  </form>`;
}
