// The till's script (/admin/pos): find the member (typed, a keyboard-wedge scanner's text plus
// Enter, or the camera), show points and valid codes, check a code, complete the sale. Each sale
// gets its order id when it starts; sending it again after a lost answer uses the same id, so the
// service records it once. The barcode reader (@zxing/browser) is loaded from our own origin only
// when the camera is asked for.

(() => {
  const dataElement = document.getElementById('pos-data');
  if (!dataElement) return;
  const { texts: T, csrf, cameraScript } = JSON.parse(dataElement.textContent);
  const $ = (id) => document.getElementById(id);
  const fill = (text, params) => text.replace(/\{(\w+)\}/g, (_, key) => String(params[key] ?? ''));
  const locale = document.documentElement.lang === 'en' ? 'en-GB' : 'fi-FI';
  const euros = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });

  const search = {
    form: $('pos-search'),
    field: $('pos-q'),
    status: $('pos-search-status'),
    list: $('pos-results'),
  };
  const member = { panel: $('pos-member'), name: $('pos-member-name'), number: $('pos-member-number') };
  const sale = {
    form: $('pos-sale-form'),
    store: $('pos-store'),
    lines: $('pos-lines'),
    total: $('pos-total'),
    totalHelp: $('pos-total-help'),
    code: $('pos-code'),
    codeStatus: $('pos-code-status'),
    apply: $('pos-apply'),
    removeCode: $('pos-remove-code'),
    discount: $('pos-discount'),
    toPay: $('pos-to-pay'),
    error: $('pos-form-error'),
    complete: $('pos-complete'),
    retry: $('pos-retry'),
    fresh: $('pos-new'),
    state: $('pos-state'),
    orderId: $('pos-order-id'),
  };

  /** The sale on the screen: who, its order id, the accepted code, and what was sent to complete it. */
  const state = { member: null, orderId: null, code: null, sent: null, done: false };

  /** A new sale's order id, random enough never to meet another (getRandomValues works over plain HTTP too). */
  function newOrderId() {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    return `pos-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }

  /** Euros as typed ("12,50", "12.5", "12 €") in cents, never through a float; null when not an amount. */
  function cents(text) {
    const match = /^(\d{1,10})(?:[.,](\d{1,2}))?$/.exec(text.replace(/[\s\u00a0]/g, '').replace(/€$/, ''));
    return match ? Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0')) : null;
  }

  /** A JSON call to the till's routes. Throws only when the service could not be reached at all. */
  async function call(method, url, body) {
    const headers = { accept: 'application/json', 'x-csrf-token': csrf };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = await response.json().catch(() => null);
    return { status: response.status, ok: response.ok, json };
  }

  // ----- Finding the member ---------------------------------------------------------------------

  async function find(text) {
    const q = text.trim();
    if (!q) return;
    search.status.textContent = T.searching;
    search.list.replaceChildren();
    let answer;
    try {
      answer = await call('GET', `/admin/pos/members?q=${encodeURIComponent(q)}`);
    } catch {
      search.status.textContent = T.browserOffline;
      return;
    }
    const found = answer.ok ? answer.json.members : [];
    if (found.length === 1) {
      search.status.textContent = '';
      await choose(found[0].customerId);
      return;
    }
    search.status.textContent = found.length === 0 ? T.noMatch : fill(T.matches, { n: found.length });
    for (const m of found) {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button secondary pos-choice';
      const who = [m.name, m.email, m.phone].filter(Boolean).join(' · ');
      button.textContent = `${T.choose}: ${who} (${T.memberNumber} ${m.memberNumber})`;
      button.addEventListener('click', () => choose(m.customerId));
      item.append(button);
      search.list.append(item);
    }
    if (found.length === 0) search.field.select();
    else search.list.querySelector('button')?.focus();
  }

  async function choose(customerId) {
    if (state.sent && !state.done) return; // a sale waiting for its answer keeps its member
    let answer;
    try {
      answer = await call('GET', `/admin/pos/members/${encodeURIComponent(customerId)}`);
    } catch {
      search.status.textContent = T.browserOffline;
      return;
    }
    if (!answer.ok) {
      search.status.textContent = T.noMatch;
      return;
    }
    if (state.done) resetSale(false);
    state.member = answer.json.member;
    search.list.replaceChildren();
    showMember(answer.json.member, answer.json.codes);
    startSale();
    (sale.total && !sale.total.readOnly ? sale.total : member.panel).focus();
  }

  function showMember(m, codes) {
    member.name.textContent = m.name || m.email || m.phone || m.customerId;
    member.number.textContent = String(m.memberNumber);
    $('pos-balance').textContent = m.balanceText;
    const list = $('pos-codes');
    list.replaceChildren();
    if (codes.length === 0) {
      const none = document.createElement('li');
      none.textContent = T.noCodes;
      list.append(none);
    }
    for (const c of codes) {
      const item = document.createElement('li');
      const text = document.createElement('span');
      text.textContent = `${c.code}: ${fill(T.codeLine, { value: c.valueText, date: c.validUntilText })}`;
      const use = document.createElement('button');
      use.type = 'button';
      use.className = 'button secondary small';
      use.textContent = fill(T.useCode, { code: c.code });
      use.addEventListener('click', () => {
        if (!sale.code || sale.code.disabled) return;
        sale.code.value = c.code;
        applyCode();
      });
      item.append(text, ' ', use);
      list.append(item);
    }
    member.panel.hidden = false;
  }

  search.form.addEventListener('submit', (event) => {
    event.preventDefault();
    find(search.field.value);
  });

  // ----- The sale -------------------------------------------------------------------------------

  function startSale() {
    if (!sale.form || state.orderId) return;
    state.orderId = newOrderId();
    sale.orderId.textContent = state.orderId;
  }

  function lineRows() {
    return sale.lines ? [...sale.lines.querySelectorAll('tr')] : [];
  }

  function addLine() {
    const n = lineRows().length + 1;
    const row = document.createElement('tr');
    /** An input of the line in a cell of its own, named with the line's number; the type first. */
    const cell = (label, properties) => {
      const input = Object.assign(document.createElement('input'), properties);
      input.setAttribute('aria-label', `${label} (${n})`);
      input.autocomplete = 'off';
      const td = document.createElement('td');
      td.append(input);
      row.append(td);
      return input;
    };
    const product = cell(T.product, { type: 'text', className: 'pos-product' });
    cell(T.quantity, { type: 'number', min: '1', step: '1', value: '1', className: 'pos-quantity' });
    cell(T.unitPrice, { type: 'text', inputMode: 'decimal', className: 'pos-price pos-money' });
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'icon-button';
    remove.textContent = '×';
    remove.setAttribute('aria-label', fill(T.removeLine, { n }));
    remove.addEventListener('click', () => {
      row.remove();
      cartChanged();
      (lineRows().at(-1)?.querySelector('input') ?? $('pos-add-line')).focus();
    });
    const td = document.createElement('td');
    td.append(remove);
    row.append(td);
    sale.lines.append(row);
    cartChanged();
    product.focus();
  }

  /** The sale's lines as the service takes them, or null with the problem shown. */
  function saleLines() {
    const rows = lineRows();
    if (rows.length === 0) {
      const total = cents(sale.total.value);
      if (total === null) return invalid(T.totalInvalid, sale.total);
      return [{ productId: 'sale', quantity: 1, unitPriceCents: total }];
    }
    const lines = [];
    for (const [i, row] of rows.entries()) {
      const productId = row.querySelector('.pos-product').value.trim();
      const quantity = Number(row.querySelector('.pos-quantity').value);
      const price = cents(row.querySelector('.pos-price').value);
      if (!productId || !Number.isInteger(quantity) || quantity < 1 || price === null)
        return invalid(fill(T.lineInvalid, { n: i + 1 }), row.querySelector('input'));
      lines.push({ productId, quantity, unitPriceCents: price });
    }
    return lines;
  }

  function invalid(text, field) {
    sale.error.textContent = text;
    field.setAttribute('aria-invalid', 'true');
    field.focus();
    return null;
  }

  /** The lines' sum in the total field, and what the member pays after the code. */
  function showTotals() {
    const rows = lineRows();
    sale.lines.closest('table').hidden = rows.length === 0;
    sale.total.readOnly = rows.length > 0;
    sale.totalHelp.hidden = rows.length === 0;
    let total = rows.length === 0 ? cents(sale.total.value) : 0;
    for (const row of rows) {
      const price = cents(row.querySelector('.pos-price').value);
      const quantity = Number(row.querySelector('.pos-quantity').value);
      if (total !== null && price !== null && Number.isInteger(quantity)) total += price * quantity;
      else total = null;
    }
    if (rows.length > 0)
      sale.total.value =
        total === null ? '' : (total / 100).toFixed(2).replace('.', locale === 'fi-FI' ? ',' : '.');
    const discount = state.code ? Math.min(state.code.discountCents, total ?? 0) : 0;
    sale.discount.textContent = state.code ? `−${euros.format(discount / 100)}` : '–';
    sale.toPay.textContent = total === null ? '–' : euros.format((total - discount) / 100);
  }

  /** A changed cart: totals again, and an accepted code checked again against the new cart. */
  function cartChanged() {
    sale.error.textContent = '';
    for (const field of sale.form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
    showTotals();
    if (state.code) {
      clearTimeout(cartChanged.timer);
      cartChanged.timer = setTimeout(() => applyCode(true), 400);
    }
  }

  async function applyCode(again = false) {
    sale.error.textContent = '';
    if (!state.member) return invalid(T.chooseMember, search.field);
    const code = (again && state.code ? state.code.code : sale.code.value).trim();
    if (!code) return sale.code.focus();
    const lines = saleLines();
    if (!lines) return;
    let answer;
    try {
      answer = await call('POST', '/admin/pos/code-checks', {
        customerId: state.member.customerId,
        storeVersionId: sale.store.value,
        code,
        lines,
      });
    } catch {
      sale.codeStatus.textContent = T.browserOffline;
      return;
    }
    if (answer.ok && answer.json.accepted) {
      state.code = { code: answer.json.code, discountCents: answer.json.discountCents };
      sale.code.value = answer.json.code;
      sale.code.readOnly = true;
      sale.removeCode.hidden = false;
      sale.apply.hidden = true;
      sale.codeStatus.textContent = fill(T.codeApplied, {
        code: answer.json.code,
        discount: answer.json.discountText,
      });
    } else {
      dropCode();
      sale.codeStatus.textContent =
        (answer.json?.reason && T.refusals[answer.json.reason]) ||
        fill(T.failed, { message: answer.json?.detail ?? answer.status });
      sale.code.focus();
    }
    showTotals();
  }

  function dropCode() {
    state.code = null;
    sale.code.readOnly = false;
    sale.removeCode.hidden = true;
    sale.apply.hidden = false;
  }

  // ----- Completing: once, whatever the connection does ---------------------------------------------

  function complete() {
    sale.error.textContent = '';
    if (!state.member) return invalid(T.chooseMember, search.field);
    const lines = saleLines();
    if (!lines) return;
    startSale();
    state.sent = {
      orderId: state.orderId,
      customerId: state.member.customerId,
      storeVersionId: sale.store.value,
      code: state.code ? state.code.code : null,
      lines,
    };
    lock(true);
    send();
  }

  /** Sends the sale as it was first sent: the same order id and the same lines, however often. */
  async function send() {
    sale.state.className = 'pos-state';
    sale.state.textContent = T.saving;
    sale.retry.hidden = true;
    sale.complete.disabled = true;
    let answer;
    try {
      answer = await call('POST', '/admin/pos/sales', state.sent);
    } catch {
      return unconfirmed();
    }
    if (answer.status >= 500 || !answer.json) return unconfirmed();
    if (!answer.ok) return refused(answer);
    state.done = true;
    $('pos-balance').textContent = answer.json.balanceText;
    sale.state.className = 'pos-state ok';
    sale.state.textContent = fill(T.done, {
      points: answer.json.pointsText,
      balance: answer.json.balanceText,
    });
    sale.complete.hidden = true;
    sale.retry.hidden = true;
    sale.fresh.hidden = false;
    sale.fresh.focus();
    refreshMember();
  }

  /** The member's codes again after a sale: a code it spent is no longer offered. */
  async function refreshMember() {
    const customerId = state.member.customerId;
    try {
      const answer = await call('GET', `/admin/pos/members/${encodeURIComponent(customerId)}`);
      if (answer.ok && state.member?.customerId === customerId) {
        showMember(answer.json.member, answer.json.codes);
        lock(true);
      }
    } catch {
      // The sale is done and its balance shown; the list of codes is refreshed with the next member.
    }
  }

  function unconfirmed() {
    sale.state.className = 'pos-state error';
    sale.state.textContent = T.offline;
    sale.complete.hidden = true;
    sale.retry.hidden = false;
    sale.fresh.hidden = false;
    sale.retry.focus();
  }

  /** Refused for good (the code was spent meanwhile, a field is wrong): the sale can be changed and sent again. */
  function refused(answer) {
    state.sent = null;
    lock(false);
    sale.complete.disabled = false;
    sale.state.className = 'pos-state error';
    if (answer.json.reason) {
      dropCode();
      sale.codeStatus.textContent = T.refusals[answer.json.reason] ?? answer.json.detail;
    }
    sale.state.textContent = fill(T.failed, {
      message: (answer.json.reason && T.refusals[answer.json.reason]) || answer.json.detail,
    });
    showTotals();
  }

  /** While a sale is on its way or done, its fields stay as they were sent. */
  function lock(locked) {
    for (const field of sale.form.querySelectorAll(
      'input, select, #pos-add-line, #pos-apply, #pos-remove-code, .icon-button',
    ))
      field.disabled = locked;
    for (const button of member.panel.querySelectorAll('button')) button.disabled = locked;
  }

  function resetSale(clearMember) {
    Object.assign(state, { orderId: null, code: null, sent: null, done: false });
    lock(false);
    dropCode();
    sale.lines.replaceChildren();
    sale.total.value = '';
    sale.code.value = '';
    sale.codeStatus.textContent = '';
    sale.state.textContent = '';
    sale.state.className = 'pos-state';
    sale.orderId.textContent = '–';
    sale.complete.hidden = false;
    sale.complete.disabled = false;
    sale.retry.hidden = true;
    sale.fresh.hidden = true;
    showTotals();
    if (clearMember) {
      state.member = null;
      member.panel.hidden = true;
      search.field.value = '';
      search.status.textContent = '';
      search.field.focus();
    }
  }

  if (sale.form) {
    $('pos-add-line').addEventListener('click', addLine);
    sale.apply.addEventListener('click', () => applyCode());
    sale.removeCode.addEventListener('click', () => {
      dropCode();
      sale.code.value = '';
      sale.codeStatus.textContent = T.codeRemoved;
      showTotals();
      sale.code.focus();
    });
    sale.form.addEventListener('input', (event) => {
      if (event.target !== sale.code) cartChanged();
    });
    // The till stays in its own store: the choice is kept on this device.
    const kept = localStorage.getItem('loyalty-pos-store');
    if (kept && [...sale.store.options].some((o) => o.value === kept)) sale.store.value = kept;
    sale.store.addEventListener('change', () => {
      localStorage.setItem('loyalty-pos-store', sale.store.value);
      cartChanged();
    });
    sale.form.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.target.tagName !== 'INPUT') return;
      if (event.target === sale.code) {
        event.preventDefault();
        applyCode();
      } else if (event.target.closest('#pos-lines')) {
        // A scanner's Enter after a product code moves on rather than completing the sale.
        event.preventDefault();
        const fields = [...sale.lines.querySelectorAll('input')];
        const next = fields[fields.indexOf(event.target) + 1];
        (next ?? $('pos-add-line')).focus();
      }
    });
    sale.form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (state.sent && !state.done) return send();
      if (!state.done) complete();
    });
    sale.retry.addEventListener('click', send);
    sale.fresh.addEventListener('click', () => resetSale(true));
    showTotals();
  }

  // ----- The network and the camera ---------------------------------------------------------------

  const network = $('pos-network');
  const showNetwork = () => {
    network.hidden = navigator.onLine;
  };
  window.addEventListener('online', showNetwork);
  window.addEventListener('offline', showNetwork);
  showNetwork();

  const camera = {
    button: $('pos-camera'),
    view: $('pos-camera-view'),
    video: $('pos-video'),
    controls: null,
  };
  if (cameraScript && navigator.mediaDevices?.getUserMedia) {
    camera.button.hidden = false;
    camera.button.addEventListener('click', startCamera);
    $('pos-camera-stop').addEventListener('click', stopCamera);
  }

  function loadReader() {
    if (window.ZXingBrowser) return Promise.resolve(window.ZXingBrowser);
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = cameraScript;
      script.onload = () => resolve(window.ZXingBrowser);
      script.onerror = reject;
      document.head.append(script);
    });
  }

  async function startCamera() {
    try {
      const ZXing = await loadReader();
      camera.view.hidden = false;
      const reader = new ZXing.BrowserQRCodeReader();
      camera.controls = await reader.decodeFromVideoDevice(undefined, camera.video, (result) => {
        if (!result) return;
        stopCamera();
        search.field.value = result.getText();
        find(search.field.value);
      });
    } catch {
      stopCamera();
      search.status.textContent = T.cameraUnavailable;
      search.field.focus();
    }
  }

  function stopCamera() {
    camera.controls?.stop();
    camera.controls = null;
    camera.view.hidden = true;
  }

  // Without the script the search form reloads the page with ?q=; with it, that search runs here.
  // Only the text the page came with: a scanner that began typing while the script loaded has not
  // finished, and its Enter runs the search.
  const given = search.field.defaultValue;
  if (given && search.field.value === given) find(given);
})();
