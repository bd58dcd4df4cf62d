// The admin's only script: charts, the live estimate beside the settings form, the tier editor,
// interface tag buttons and the dashboard's live updates. Pages work without it; it only adds.

(() => {
  document.documentElement.classList.add('js');
  const locale = document.documentElement.lang === 'en' ? 'en-GB' : 'fi-FI';
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const euros = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: 0,
  });
  const COLORS = { teal: '#0f6e6e', amber: '#d08c00', indigo: '#4f5bd5', rose: '#c2415d', gray: '#8a94a6' };

  const json = (id) => {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  };

  for (const select of document.querySelectorAll('select[data-autosubmit]')) {
    select.addEventListener('change', () => select.form.requestSubmit());
  }

  // A copy button beside a secret shown once (the new API key); without the script the field is
  // selectable and the button stays hidden.
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const field = document.getElementById(button.dataset.copy);
    const status = document.getElementById('copy-status');
    if (!field) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      let copied = false;
      try {
        await navigator.clipboard.writeText(field.value);
        copied = true;
      } catch {
        field.select();
        copied = document.execCommand('copy');
      }
      if (status) status.textContent = copied ? button.dataset.copied : button.dataset.copyFailed;
      if (!copied) field.select();
    });
  }

  // ----- Charts -------------------------------------------------------------------------------

  const charts = new Map();
  function chart(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas || typeof Chart === 'undefined') return null;
    const base = {
      responsive: true,
      maintainAspectRatio: false,
      animation: { duration: 250 },
      plugins: { legend: { display: (config.data.datasets || []).length > 1, position: 'bottom' } },
      scales: {
        x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 8 } },
        y: { beginAtZero: true, ticks: { precision: 0, callback: (v) => number.format(v) } },
      },
    };
    const made = new Chart(canvas, { ...config, options: merge(base, config.options || {}) });
    charts.set(id, made);
    return made;
  }
  function merge(a, b) {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) {
      out[k] = v && typeof v === 'object' && !Array.isArray(v) && a[k] ? merge(a[k], v) : v;
    }
    return out;
  }
  function bars(label, data, color) {
    return { label, data, backgroundColor: color, borderRadius: 3, maxBarThickness: 36 };
  }
  function update(id, labels, series) {
    const c = charts.get(id);
    if (!c) return;
    c.data.labels = labels;
    series.forEach((data, i) => {
      c.data.datasets[i].data = data;
    });
    c.update();
  }

  // ----- Estimate beside the settings form ----------------------------------------------------

  const estimate = document.getElementById('estimate');
  const form = document.getElementById('settings-form');
  if (estimate) {
    const data = json('estimate-data');
    const texts = json('estimate-texts');
    const keys = ['purchase', 'join', 'review'];
    const colors = [COLORS.teal, COLORS.indigo, COLORS.amber];
    keys.forEach((key, i) => {
      const title = document.getElementById(`chart-${key}-title`)?.textContent || key;
      chart(`chart-${key}`, {
        type: 'bar',
        data: { labels: data.labels, datasets: [bars(title, data[key], colors[i])] },
      });
    });

    const rangeForm = document.getElementById('estimate-range');
    const status = document.getElementById('estimate-status');
    const summary = document.getElementById('estimate-summary');
    const keyFigures = document.getElementById('estimate-key-figures-body');
    const brief = document.getElementById('estimate-brief');
    let timer = null;
    let inFlight = null;

    const showEstimate = (e) => {
      for (const key of keys) update(`chart-${key}`, e.charts.labels, [e.charts[key]]);
      for (const key of keys) {
        const total = estimate.querySelector(`[data-total="${key}"]`);
        if (total) total.textContent = e.totals[key];
      }
      summary.innerHTML = e.summaryHtml;
      if (keyFigures && e.keyFiguresHtml) keyFigures.innerHTML = e.keyFiguresHtml;
      if (brief && e.briefHtml) brief.innerHTML = e.briefHtml;
      estimate.dataset.serverMs = String(e.serverMs);
    };

    // The e-mail preview is a page of its own (the letter's inline styles need their own policy):
    // its address carries the fields it depends on, and it is reloaded only when one of them changed.
    const mailFrame = document.getElementById('mail-preview');
    const showMailPreview = () => {
      if (!mailFrame || !form) return;
      const fields = mailFrame.dataset.fields.split(' ');
      const params = new URLSearchParams();
      for (const [key, value] of new FormData(form)) if (fields.includes(key)) params.append(key, value);
      const src = `${mailFrame.getAttribute('src').split('?')[0]}?${params}`;
      if (src !== mailFrame.getAttribute('src')) mailFrame.setAttribute('src', src);
    };

    const showErrors = (errors) => {
      if (!form) return;
      for (const slot of form.querySelectorAll('[data-error-for]')) {
        const message = errors[slot.dataset.errorFor] || '';
        slot.textContent = message;
        for (const input of form.querySelectorAll(`[aria-describedby~="${slot.id}"]`)) {
          if (message) input.setAttribute('aria-invalid', 'true');
          else input.removeAttribute('aria-invalid');
        }
      }
    };

    const refresh = async () => {
      if (inFlight) inFlight.abort();
      inFlight = new AbortController();
      const body = form ? new URLSearchParams(new FormData(form)) : new URLSearchParams();
      body.set('from', rangeForm.elements.from.value);
      body.set('to', rangeForm.elements.to.value);
      if (rangeForm.elements.campaign) body.set('campaign', rangeForm.elements.campaign.value);
      estimate.setAttribute('aria-busy', 'true');
      status.textContent = texts.updating;
      try {
        const csrf = form ? form.elements._csrf.value : '';
        const response = await fetch(estimate.dataset.endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-csrf-token': csrf,
            accept: 'application/json',
          },
          body,
          signal: inFlight.signal,
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const result = await response.json();
        showErrors(result.errors || {});
        if (result.previews) {
          for (const kind of ['intro', 'terms']) {
            const preview = document.getElementById(`preview-${kind}`);
            if (preview) preview.innerHTML = result.previews[kind];
          }
        }
        showMailPreview();
        if (result.estimate) {
          showEstimate(result.estimate);
          status.textContent = result.fallback ? texts.fallback : '';
        } else {
          status.textContent = texts.stale;
        }
      } catch (error) {
        if (error.name !== 'AbortError') status.textContent = texts.failed;
      } finally {
        estimate.removeAttribute('aria-busy');
      }
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    };

    if (form) {
      form.addEventListener('input', schedule);
      form.addEventListener('change', schedule);
    }
    rangeForm.addEventListener('submit', (event) => {
      if (!form) return;
      event.preventDefault();
      refresh();
    });
    for (const link of estimate.querySelectorAll('.quick-ranges a[data-from]')) {
      link.addEventListener('click', (event) => {
        if (!form) return;
        event.preventDefault();
        rangeForm.elements.from.value = link.dataset.from;
        rangeForm.elements.to.value = link.dataset.to;
        for (const other of estimate.querySelectorAll('.quick-ranges a')) {
          const current = other === link;
          other.classList.toggle('secondary', !current);
          if (current) other.setAttribute('aria-current', 'true');
          else other.removeAttribute('aria-current');
        }
        refresh();
      });
    }
  }

  // ----- Tier editor --------------------------------------------------------------------------

  const tierRows = document.getElementById('tier-rows');
  if (tierRows && form) {
    const texts = json('tier-texts');
    const renumber = () => {
      const rows = [...tierRows.querySelectorAll('tr')];
      rows.forEach((row, i) => {
        const name = texts.tierN.replace('{n}', String(i + 1));
        row.querySelector('[data-tier-name]').textContent = name;
        for (const [kind, key, label] of [
          ['points', 'points', texts.points],
          ['value', 'valueCents', texts.value],
        ]) {
          const input = row.querySelector(`input[name="${kind === 'points' ? 'tierPoints' : 'tierValue'}"]`);
          const labelEl = row.querySelector(`[data-tier-label="${kind}"]`);
          const error = row.querySelector(`[data-error-for^="tiers."][data-error-for$=".${key}"]`);
          input.id = `tier-${i}-${kind}`;
          labelEl.htmlFor = input.id;
          labelEl.textContent = `${name}: ${label}`;
          if (error) {
            error.id = `err-tiers-${i}-${key}`;
            error.dataset.errorFor = `tiers.${i}.${key}`;
            input.setAttribute('aria-describedby', error.id);
          }
        }
        row.querySelector('[data-tier-action="up"]').disabled = i === 0;
        row.querySelector('[data-tier-action="down"]').disabled = i === rows.length - 1;
        row.querySelector('[data-tier-action="remove"]').disabled = rows.length === 1;
      });
    };
    const changed = () => {
      renumber();
      form.dispatchEvent(new Event('input', { bubbles: true }));
    };
    tierRows.addEventListener('click', (event) => {
      const button = event.target.closest('[data-tier-action]');
      if (!button) return;
      const row = button.closest('tr');
      const action = button.dataset.tierAction;
      if (action === 'remove' && tierRows.rows.length > 1) {
        const next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        changed();
        next?.querySelector('input')?.focus();
        return;
      }
      if (action === 'up' && row.previousElementSibling)
        row.parentNode.insertBefore(row, row.previousElementSibling);
      if (action === 'down' && row.nextElementSibling)
        row.parentNode.insertBefore(row.nextElementSibling, row);
      changed();
      button.focus();
    });
    document.getElementById('add-tier').addEventListener('click', () => {
      const last = tierRows.rows[tierRows.rows.length - 1];
      const row = last.cloneNode(true);
      for (const input of row.querySelectorAll('input')) {
        input.value = '';
        input.removeAttribute('aria-invalid');
      }
      for (const error of row.querySelectorAll('[data-error-for]')) error.textContent = '';
      tierRows.appendChild(row);
      changed();
      row.querySelector('input').focus();
    });
    renumber();
  }

  // ----- Page editors: interface tags and default texts ---------------------------------------

  if (form) {
    const defaults = json('default-texts') || {};
    form.addEventListener('click', (event) => {
      const tag = event.target.closest('[data-insert-tag]');
      const reset = event.target.closest('[data-reset-text]');
      if (!tag && !reset) return;
      const area = document.getElementById((tag || reset).dataset.target);
      if (tag) {
        const start = area.selectionStart ?? area.value.length;
        const end = area.selectionEnd ?? start;
        area.setRangeText(tag.dataset.insertTag, start, end, 'end');
      } else {
        area.value = defaults[reset.dataset.resetText] ?? area.value;
      }
      area.focus();
      area.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  // ----- Dashboard: charts and live updates ---------------------------------------------------

  const dashboard = document.getElementById('dashboard');
  if (dashboard) {
    const d = json('dashboard-data');
    const texts = json('dashboard-texts');
    const money = { y: { ticks: { callback: (v) => euros.format(v) } } };
    const percent = { y: { max: 100, ticks: { callback: (v) => `${v} %` } } };
    chart('dash-codes', {
      type: 'bar',
      data: {
        labels: d.labels,
        datasets: [bars(texts.issued, d.issued, COLORS.teal), bars(texts.redeemed, d.redeemed, COLORS.amber)],
      },
      options: { scales: money },
    });
    chart('dash-members', {
      type: 'bar',
      data: { labels: d.labels, datasets: [bars(texts.newMembers, d.newMembers, COLORS.indigo)] },
    });
    chart('dash-value', {
      type: 'bar',
      data: { labels: d.labels, datasets: [bars(texts.memberOrderValue, d.memberOrderValue, COLORS.teal)] },
      options: { scales: money },
    });
    chart('dash-share', {
      type: 'line',
      data: {
        labels: d.labels,
        datasets: [
          {
            label: texts.memberShare,
            data: d.memberShare,
            borderColor: COLORS.rose,
            backgroundColor: COLORS.rose,
            spanGaps: true,
            tension: 0.25,
          },
        ],
      },
      options: { scales: percent },
    });
    chart('dash-repeat', {
      type: 'bar',
      data: {
        labels: [texts.members, texts.others],
        datasets: [
          {
            data: d.repeat,
            backgroundColor: [COLORS.teal, COLORS.gray],
            borderRadius: 3,
            maxBarThickness: 48,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: false } },
        scales: {
          x: { min: 0, max: 100, grid: { display: true }, ticks: { callback: (v) => `${v} %` } },
          y: {
            grid: { display: false },
            ticks: {
              callback(v) {
                return this.getLabelForValue(v);
              },
            },
          },
        },
      },
    });

    const figures = document.getElementById('dashboard-figures');
    const live = document.getElementById('dashboard-live');
    const poll = async () => {
      if (document.visibilityState !== 'visible') return;
      try {
        const response = await fetch(dashboard.dataset.endpoint, { headers: { accept: 'application/json' } });
        if (!response.ok) return;
        const next = await response.json();
        const c = next.charts;
        update('dash-codes', c.labels, [c.issued, c.redeemed]);
        update('dash-members', c.labels, [c.newMembers]);
        update('dash-value', c.labels, [c.memberOrderValue]);
        update('dash-share', c.labels, [c.memberShare]);
        update('dash-repeat', charts.get('dash-repeat')?.data.labels, [c.repeat]);
        figures.innerHTML = next.figuresHtml;
        live.title = next.updatedAt;
      } catch {
        // A missed update is retried on the next tick.
      }
    };
    setInterval(poll, 15000);
    document.addEventListener('visibilitychange', poll);
  }

  // A segment's live count: the filters are counted again as they change (the latest answer wins).
  const segmentForm = document.querySelector('form[data-segment-count]');
  if (segmentForm) {
    const output = document.getElementById('segment-count');
    let asked = 0;
    let timer;
    const recount = async () => {
      const mine = ++asked;
      const fields = new URLSearchParams(new FormData(segmentForm));
      fields.delete('_csrf');
      output.textContent = output.dataset.counting;
      try {
        const answer = await fetch(`${segmentForm.dataset.segmentCount}?${fields}`, {
          headers: { accept: 'application/json' },
        });
        const body = await answer.json();
        if (mine !== asked) return;
        for (const slot of segmentForm.querySelectorAll('[data-error-for]')) {
          if (slot.dataset.errorFor !== 'name') slot.textContent = body.errors?.[slot.dataset.errorFor] ?? '';
        }
        output.textContent = answer.ok ? number.format(body.count) : '–';
      } catch {
        if (mine === asked) output.textContent = '–';
      }
    };
    segmentForm.addEventListener('input', (event) => {
      if (event.target.name === 'name') return;
      clearTimeout(timer);
      timer = setTimeout(recount, 250);
    });
  }
})();
