import type { ImportJob } from '../../app/import/import-jobs.ts';
import { IMPORT_KINDS, type ImportKind } from '../../domain/import/columns.ts';
import type { ImportProblem, ImportProblemCode, ProblemParams } from '../../domain/import/problems.ts';
import { type Html, html, when } from '../html.ts';
import type { Format, Messages } from '../i18n/index.ts';
import { csrfField, type Flash, type PageFrame, page } from './layout.ts';

/** A problem's text in the page's language (the command line prints the English one). */
export function problemText(t: Messages, problem: ImportProblem): string {
  const texts: Record<ImportProblemCode, (params: ProblemParams) => string> = t.importPage.problems;
  return texts[problem.code](problem.params ?? {});
}

export interface ImportForm {
  kind: ImportKind;
  separator: '' | ',' | ';';
  decimalComma: boolean;
  checkOnly: boolean;
}

/** The import page: the upload form and the latest imports. */
export function importPage(
  frame: PageFrame,
  fmt: Format,
  view: { form: ImportForm; jobs: ImportJob[]; maxBytes: number; flash?: Flash | null },
): Html {
  const t = frame.t.importPage;
  return page(frame, {
    title: t.title,
    active: 'import',
    flash: view.flash ?? null,
    head: {},
    body: html`<section class="panel">
      <p>${t.intro}</p>
      <p class="muted">${t.order} ${t.docs}</p>
      ${uploadForm(frame, fmt, view.form, view.maxBytes)}
    </section>
    <section class="panel" aria-labelledby="recent-imports">
      <h2 id="recent-imports">${t.recent}</h2>
      ${view.jobs.length === 0 ? html`<p>${t.none}</p>` : jobsTable(frame, fmt, view.jobs)}
    </section>`,
  });
}

function uploadForm(frame: PageFrame, fmt: Format, form: ImportForm, maxBytes: number): Html {
  const t = frame.t.importPage;
  const separators: [ImportForm['separator'], string][] = [
    ['', t.separatorAuto],
    [',', t.separatorComma],
    [';', t.separatorSemicolon],
  ];
  // The token and the choices come before the file, so they arrive before it in the upload.
  return html`<form method="post" action="/admin/import" enctype="multipart/form-data" id="import-form">
    ${csrfField(frame)}
    <div class="field"><label for="import-kind">${t.kind}</label>
      <select id="import-kind" name="kind">
        ${IMPORT_KINDS.map((k) => html`<option value="${k}"${when(k === form.kind, ' selected')}>${t.kinds[k]}</option>`)}
      </select></div>
    <div class="field"><label for="import-separator">${t.separator}</label>
      <select id="import-separator" name="separator">
        ${separators.map(([v, label]) => html`<option value="${v}"${when(v === form.separator, ' selected')}>${label}</option>`)}
      </select></div>
    <div class="field"><label class="choice"><input type="checkbox" name="decimalComma" value="true"${when(form.decimalComma, ' checked')}> ${t.decimalComma}</label></div>
    <div class="field"><label class="choice"><input type="checkbox" name="checkOnly" value="true"${when(form.checkOnly, ' checked')}> ${t.checkOnly}</label></div>
    <div class="field"><label for="import-file">${t.file}</label>
      <input type="file" id="import-file" name="file" accept=".csv,text/csv" required aria-describedby="import-file-help">
      <p class="help" id="import-file-help">${t.fileHelp(fmt.number(Math.round(maxBytes / 1048576)))}</p></div>
    <button type="submit" class="button">${t.submit}</button>
  </form>`;
}

function jobsTable(frame: PageFrame, fmt: Format, jobs: ImportJob[]): Html {
  const t = frame.t.importPage;
  return html`<div class="table-wrap"><table class="data" id="import-jobs">
    <thead><tr><th scope="col">${t.when}</th><th scope="col">${t.kind}</th><th scope="col">${t.fileName}</th>
      <th scope="col" class="num">${t.rows}</th><th scope="col">${t.status}</th><th scope="col">${t.by}</th></tr></thead>
    <tbody>${jobs.map(
      (job) => html`<tr data-job="${job.id}" data-status="${job.status}">
        <td class="nowrap">${fmt.shortDateTime(job.createdAt)}</td><td>${t.kinds[job.kind]}</td>
        <td><a href="/admin/import/${job.id}">${job.fileName}</a></td>
        <td class="num">${fmt.number(job.rowsRead)}</td><td>${t.statuses[job.status]}</td><td>${job.author}</td></tr>`,
    )}</tbody></table></div>`;
}

/** One import: its progress while it runs (the page reloads itself), then what it wrote or its problems. */
export function importJobPage(frame: PageFrame, fmt: Format, job: ImportJob, embedded: boolean): Html {
  const t = frame.t.importPage;
  const running = job.status === 'running';
  return page(frame, {
    title: t.jobTitle(job.fileName),
    active: 'import',
    head: {},
    body: html`<section class="panel" id="import-job" data-status="${job.status}" data-status-url="/admin/import/${job.id}/status" aria-live="polite">
      <dl class="facts">
        <dt>${t.kind}</dt><dd>${t.kinds[job.kind]}</dd>
        <dt>${t.status}</dt><dd id="import-status">${t.statuses[job.status]}</dd>
        <dt>${t.when}</dt><dd>${fmt.dateTime(job.createdAt)}</dd>
        <dt>${t.by}</dt><dd>${job.author}</dd>
        <dt>${t.rows}</dt><dd>${fmt.number(job.rowsRead)}</dd>
      </dl>
      ${running ? progressPart(frame, fmt, job, embedded) : outcomePart(frame, fmt, job)}
    </section>
    ${job.problems.length > 0 ? problemsTable(frame, fmt, job) : ''}
    <p><a class="button secondary" href="/admin/import">${t.another}</a></p>
    ${running ? html`<script defer src="${IMPORT_SCRIPT_URL}"></script>` : ''}`,
  });
}

/** The share of the file read so far (0 to 1). */
export function readShare(job: ImportJob): number {
  const progress = job.progress;
  return progress && progress.bytesTotal > 0 ? Math.min(1, progress.bytesRead / progress.bytesTotal) : 0;
}

/** "40 % of the file read, 12,000 rows", as the page and its script show it. */
export function progressText(frame: PageFrame, fmt: Format, job: ImportJob): string {
  return frame.t.importPage.progress(
    fmt.percent(readShare(job)),
    fmt.number(job.progress?.rows ?? job.rowsRead),
  );
}

/** Where the job page's script is served (a file of the import's routes: the admin's assets are a fixed set). */
export const IMPORT_SCRIPT_URL = '/admin/import/follow.js';

/**
 * The job page's script: it asks the job's status every second, moves the progress bar and
 * reloads the page when the import ends. Without it the page shows the state when it was loaded.
 */
export const IMPORT_SCRIPT = `(() => {
  const box = document.getElementById('import-job');
  if (!box || box.dataset.status !== 'running') return;
  const bar = document.getElementById('import-progress');
  const text = document.getElementById('import-progress-text');
  const tick = async () => {
    try {
      const answer = await fetch(box.dataset.statusUrl, { headers: { accept: 'application/json' } });
      if (answer.ok) {
        const job = await answer.json();
        if (job.status !== 'running') return location.reload();
        if (bar) bar.value = job.progress.percent;
        if (text) text.textContent = job.progressText;
      }
    } catch {}
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
})();
`;

function progressPart(frame: PageFrame, fmt: Format, job: ImportJob, embedded: boolean): Html {
  const t = frame.t.importPage;
  const share = readShare(job);
  return html`<p>${t.running}</p>${embedded ? html`<p class="muted">${t.runningEmbedded}</p>` : ''}
    <p><progress id="import-progress" max="100" value="${Math.floor(share * 100)}">${fmt.percent(share)}</progress>
    <span id="import-progress-text">${progressText(frame, fmt, job)}</span></p>`;
}

function outcomePart(frame: PageFrame, fmt: Format, job: ImportJob): Html {
  const t = frame.t.importPage;
  if (job.status === 'failed')
    return html`<p class="flash error" role="alert">${t.failedText} ${job.error ?? ''}</p>`;
  if (job.status === 'refused')
    return html`<p class="flash error" role="alert">${t.refusedText(fmt.number(job.problemCount), job.problemCount)}</p>`;
  const text = job.status === 'imported' ? t.importedText : t.checkedText;
  return html`<p class="flash ok" role="status">${text}</p>
    ${
      job.summary
        ? html`<h2>${t.summaryTitle}</h2><dl class="facts" id="import-summary">${Object.entries(
            job.summary,
          ).map(
            ([key, n]) => html`<dt>${t.summary[key] ?? key}</dt><dd data-key="${key}">${fmt.number(n)}</dd>`,
          )}</dl>`
        : ''
    }`;
}

function problemsTable(frame: PageFrame, fmt: Format, job: ImportJob): Html {
  const t = frame.t.importPage;
  const more = job.problemCount - job.problems.length;
  return html`<section class="panel" aria-labelledby="import-problems-title">
    <h2 id="import-problems-title">${t.problemsTitle}</h2>
    <div class="table-wrap"><table class="data compact" id="import-problems">
    <thead><tr><th scope="col" class="num">${t.line}</th><th scope="col">${t.column}</th><th scope="col">${t.value}</th><th scope="col">${t.problem}</th></tr></thead>
    <tbody>${job.problems.map(
      (p) => html`<tr data-code="${p.code}"><td class="num">${p.line > 0 ? String(p.line) : t.wholeFile}</td>
        <td class="code">${p.column ?? ''}</td><td class="code">${p.value ?? ''}</td><td>${problemText(frame.t, p)}</td></tr>`,
    )}</tbody></table></div>
    ${more > 0 ? html`<p>${t.moreProblems(fmt.number(more))}</p>` : ''}
  </section>`;
}
