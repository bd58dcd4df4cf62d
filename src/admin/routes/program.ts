import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { ApiKeySummary } from '../../app/api-keys/create-api-key.ts';
import { listApiKeys } from '../../app/api-keys/list-api-keys.ts';
import type { AppContext } from '../../app/context.ts';
import { type ImportJob, listImportJobs } from '../../app/import/import-jobs.ts';
import { pageTextsOf, savePageTexts } from '../../app/pages/page-texts.ts';
import type { Program } from '../../app/program/load-program.ts';
import {
  createProgram,
  publishProgram,
  setVersionVisibility,
  updateSettings,
} from '../../app/program/manage-program.ts';
import { sharedDashboard } from '../../app/reports/dashboard.ts';
import { plannedCampaigns } from '../../app/simulation/campaign-extras.ts';
import { estimateProgram } from '../../app/simulation/estimate.ts';
import { monthlyLetterPreview } from '../../app/simulation/letter-preview.ts';
import {
  listStoreVersions,
  type StoreVersionView,
  storeVersionIn,
} from '../../app/store-versions/list-store-versions.ts';
import { DomainError } from '../../domain/errors.ts';
import { defaultPageText } from '../../domain/pages/default-texts.ts';
import { renderPage } from '../../domain/pages/render-page.ts';
import { codeCostLimitOf, type ProgramSettings } from '../../domain/program/settings.ts';
import {
  type DateRange,
  lastDays,
  lastMonths,
  previousMonth,
  resolveRange,
} from '../../domain/simulation/date-range.ts';
import { sessionOf } from '../auth.ts';
import { viewOf } from '../dashboard-cache.ts';
import {
  type FormErrors,
  formValuesOf,
  parseSettingsForm,
  readSettingsForm,
  type SettingsFormValues,
} from '../forms/settings-form.ts';
import { TIME_ZONE_CHOICES } from '../forms/time-zones.ts';
import type { Format, Messages } from '../i18n/index.ts';
import { keptStoreVersions } from '../kept-rows.ts';
import { flashFrom, query, type ShopContext, sendPage, shopContext } from '../request-context.ts';
import {
  estimateBrief,
  estimateCharts,
  estimateKeyFigures,
  estimatePanel,
  estimateSummary,
  estimateTotals,
  type QuickRange,
} from '../views/estimate.ts';
import type { Flash, PageFrame } from '../views/layout.ts';
import {
  type Checklist,
  confirmStartPage,
  dashboardCharts,
  dashboardSection,
  dashboardFiguresHtml as figuresHtml,
  noProgramPage,
  programAdminPage,
} from '../views/program.ts';
import { MAIL_PREVIEW_FIELDS, previewHtml, settingsPage } from '../views/settings.ts';

/** Ranges from queries already checked, by zone, from and to: null for an invalid one. */
const checkedRanges = new Map<string, DateRange | null>();
export const CHECKED_RANGES_KEPT = 256;

/** A range from the query when it is a valid one, else the default. */
function chosenRange(request: FastifyRequest, timeZone: string, fallback: DateRange): DateRange {
  const q = query(request);
  if (!q.from || !q.to) return fallback;
  // Whether a range is valid does not change with time: each is checked (with Luxon) once.
  const key = `${timeZone}\u0000${q.from}\u0000${q.to}`;
  let checked = checkedRanges.get(key);
  if (checked === undefined) {
    try {
      const r = resolveRange({ from: q.from, to: q.to }, timeZone);
      checked = { from: r.from, to: r.to };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      checked = null;
    }
    checkedRanges.set(key, checked);
    if (checkedRanges.size > CHECKED_RANGES_KEPT) checkedRanges.delete(checkedRanges.keys().next().value!);
  }
  return checked ?? fallback;
}

const DASHBOARD_DAYS = [30, 90, 180, 365] as const;
const ESTIMATE_MONTHS = [3, 6, 12] as const;

/** The ranges counted back from today in a zone: the same all day long. */
interface TodaysRanges {
  /** The local day they were computed for: [start, end) in epoch ms. */
  start: number;
  end: number;
  previousMonth: DateRange;
  lastMonths: DateRange[];
  lastDays: DateRange[];
}

/** Per time zone (a shop's is one of a few; at most 64 kept): computed once a local day. */
const todaysRanges = new Map<string, TodaysRanges>();

function rangesOfToday(now: Date, timeZone: string): TodaysRanges {
  const at = now.getTime();
  const kept = todaysRanges.get(timeZone);
  if (kept && kept.start <= at && at < kept.end) return kept;
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const made: TodaysRanges = {
    start: today.toMillis(),
    end: today.plus({ days: 1 }).startOf('day').toMillis(),
    previousMonth: previousMonth(now, timeZone),
    lastMonths: ESTIMATE_MONTHS.map((n) => lastMonths(now, timeZone, n)),
    lastDays: DASHBOARD_DAYS.map((n) => lastDays(now, timeZone, n)),
  };
  todaysRanges.delete(timeZone);
  todaysRanges.set(timeZone, made);
  if (todaysRanges.size > 64) todaysRanges.delete(todaysRanges.keys().next().value!);
  return made;
}

function estimateQuickRanges(t: Messages, now: Date, timeZone: string): QuickRange[] {
  const today = rangesOfToday(now, timeZone);
  return [
    { label: t.estimate.previousMonth, range: today.previousMonth },
    ...ESTIMATE_MONTHS.map((n, i) => ({ label: t.estimate.lastMonths(n), range: today.lastMonths[i]! })),
  ];
}

function dashboardQuickRanges(t: Messages, now: Date, timeZone: string): QuickRange[] {
  const today = rangesOfToday(now, timeZone);
  return DASHBOARD_DAYS.map((n, i) => ({ label: t.dashboard.lastDays(n), range: today.lastDays[i]! }));
}

/** The last 30 days up to today: the dashboard's default range. */
const last30Days = (now: Date, timeZone: string) => rangesOfToday(now, timeZone).lastDays[0]!;

/** The estimate of these settings (they carry its rules) over `range`, with the chosen planned campaign. */
function estimateSettings(
  ctx: AppContext,
  shopId: string,
  settings: ProgramSettings,
  range: DateRange,
  campaign: string | undefined,
) {
  const { timeZone } = settings;
  return estimateProgram(ctx, {
    shopId,
    range,
    timeZone,
    rules: settings,
    codeCostLimitBp: codeCostLimitOf(settings),
    campaign,
  });
}

/** The admin's program pages: the program and its dashboard, the settings with their estimate. */
export function programRoutes(app: FastifyInstance, ctx: AppContext) {
  programPageRoutes(app, ctx);
  settingsRoutes(app, ctx);
  estimateRoute(app, ctx);
  mailPreviewRoute(app, ctx);
  dashboardJsonRoute(app, ctx);
}

/** The error for a page that needs the signed-in shop's program when it has none. */
function programNotFound(request: FastifyRequest): DomainError {
  const shopId = sessionOf(request).shopId;
  return new DomainError(
    'program_not_found',
    `Shop "${shopId}" has no loyalty program yet: create one first`,
  );
}

/** What the getting-started steps read besides the program and its versions. */
interface SetUpFacts {
  keys: ApiKeySummary[];
  /** The shop's latest imports: a file of orders imported ticks the history step. */
  imports: ImportJob[];
}

async function setUpFacts(ctx: AppContext, shopId: string): Promise<SetUpFacts> {
  const [keys, imports] = await Promise.all([listApiKeys(ctx, shopId), listImportJobs(ctx, shopId)]);
  return { keys, imports };
}

/** The getting-started steps: which are done, from the store versions, the API keys, the imports and the program. */
function checklistOf(program: Program | null, versions: StoreVersionView[], facts: SetUpFacts): Checklist {
  const { keys, imports } = facts;
  return {
    versions: versions.length > 0,
    apiKey: keys.some((k) => k.revokedAt === null),
    integrated: keys.some((k) => k.lastUsedAt !== null),
    settings: (program?.settings.storeVersionIds.length ?? 0) > 0,
    history: imports.some((job) => job.kind === 'orders' && job.status === 'imported'),
    published: program?.status === 'published',
  };
}

/** The program page (or the page offering to create one), with its dashboard once published. */
async function renderProgram(
  ctx: AppContext,
  request: FastifyRequest,
  shop: ShopContext,
  versions: StoreVersionView[] | null,
  flash: Flash | null,
  status = 200,
) {
  const { frame, program, fmt, timeZone, shopId } = shop;
  if (!program) {
    const [shown, facts] = await Promise.all([
      versions ?? shop.storeVersions ?? keptStoreVersions(ctx, shopId, null),
      setUpFacts(ctx, shopId),
    ]);
    return { status, page: noProgramPage(frame, flash, checklistOf(null, shown, facts)) };
  }
  const now = ctx.clock.now();
  const published = program.status === 'published';
  const range = published ? chosenRange(request, timeZone, last30Days(now, timeZone)) : null;
  // The store versions and the dashboard at once; the dashboard is shared (figures and
  // rendering) by every page of the shop's range in the same language for a few seconds.
  const today = rangesOfToday(now, timeZone);
  const [shown, dashboard, facts] = await Promise.all([
    versions ?? shop.storeVersions ?? keptStoreVersions(ctx, shopId, program),
    range
      ? viewOf(sharedDashboard(ctx, shopId, range, timeZone), `page ${frame.lang} ${today.start}`, (d) =>
          dashboardSection(frame.t, fmt, {
            dashboard: d,
            quick: dashboardQuickRanges(frame.t, now, timeZone),
          }),
        )
      : null,
    // Until the program runs, its page shows the getting-started steps.
    published ? null : setUpFacts(ctx, shopId),
  ]);
  const checklist = facts ? checklistOf(program, shown, facts) : undefined;
  return { status, page: programAdminPage(frame, fmt, program, shown, dashboard, flash, checklist) };
}

/** The program page and its buttons: create, start (publish), show or hide in a store version. */
function programPageRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/program', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const { frame, shopId, program } = shop;
    const t = frame.t;
    const versionId = query(request).version;
    const versions = versionId
      ? (shop.storeVersions ?? (await keptStoreVersions(ctx, shopId, program ?? null)))
      : null;
    const version = versionId ? versions!.find((v) => v.id === versionId) : undefined;
    const flash = flashFrom(request, {
      created: t.program.created,
      started: t.program.started,
      ...(version
        ? { hidden: t.program.hiddenDone(version.name), shown: t.program.shownDone(version.name) }
        : {}),
    });
    const { status, page } = await renderProgram(ctx, request, shop, versions, flash);
    return sendPage(reply, page, status);
  });

  app.post('/program/create', async (request, reply) => {
    const { frame, shopId } = await shopContext(ctx, request);
    // Named in the admin's language, as the program's own language is.
    await createProgram(ctx, shopId, { language: frame.lang, name: frame.t.program.defaultName });
    return reply.redirect('/admin/program?done=created', 303);
  });

  app.post('/program/publish', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const { frame, shopId, program } = shop;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const ready = (program?.settings.storeVersionIds.length ?? 0) > 0;
    // Starting starts billing: the merchant is asked first, on a page of its own (no script needed).
    if (program && ready && program.status !== 'published' && body.confirm !== 'yes')
      return sendPage(reply, confirmStartPage(frame));
    try {
      await publishProgram(ctx, shopId);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'program_not_publishable') {
        const { page } = await renderProgram(ctx, request, await shopContext(ctx, request), null, {
          kind: 'error',
          text: frame.t.program.startNeedsVersion,
        });
        return sendPage(reply, page, 409);
      }
      throw error;
    }
    return reply.redirect('/admin/program?done=started', 303);
  });

  app.post<{ Params: { versionId: string } }>('/program/versions/:versionId', async (request, reply) => {
    const { shopId } = await shopContext(ctx, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const visible = body.visible === 'true';
    const versions = await listStoreVersions(ctx, shopId);
    const version = storeVersionIn(versions, request.params.versionId);
    await setVersionVisibility(ctx, shopId, version.id, visible);
    const params = new URLSearchParams({ done: visible ? 'shown' : 'hidden', version: version.id });
    return reply.redirect(`/admin/program?${params.toString()}`, 303);
  });
}

/**
 * The settings page: the form (as given, with its errors), and the page previews and the estimate
 * of `preview`: the valid fields as typed, the saved value of each invalid one.
 */
async function renderSettings(
  ctx: AppContext,
  request: FastifyRequest,
  program: Program,
  frame: PageFrame,
  fmt: Format,
  input: {
    values: SettingsFormValues;
    errors: FormErrors;
    preview: ProgramSettings;
    rulesFellBack: boolean;
    flash: Flash | null;
  },
) {
  const shopId = program.shopId;
  const { preview } = input;
  const timeZone = preview.timeZone;
  const now = ctx.clock.now();
  const range = chosenRange(request, timeZone, rangesOfToday(now, timeZone).previousMonth);
  const read = request.adminPageRows;
  const campaign = query(request).campaign || undefined;
  const [versions, estimate, campaigns] = await Promise.all([
    read?.program === program ? read.storeVersions : keptStoreVersions(ctx, shopId, program),
    estimateSettings(ctx, shopId, preview, range, campaign),
    plannedCampaigns(ctx, shopId),
  ]);
  const language = preview.language;
  return settingsPage(frame, fmt, {
    values: input.values,
    errors: input.errors,
    versions,
    previews: {
      intro: renderPage(input.values.introPage, preview),
      terms: renderPage(input.values.termsPage, preview),
    },
    defaults: { intro: defaultPageText('intro', language), terms: defaultPageText('terms', language) },
    timeZones: TIME_ZONE_CHOICES,
    estimate: estimatePanel(
      frame.t,
      fmt,
      estimate,
      estimateQuickRanges(frame.t, now, timeZone),
      '/admin/program/settings',
      input.rulesFellBack ? frame.t.settingsPage.fallback : undefined,
      campaigns,
    ),
    estimateBrief: estimateBrief(frame.t, fmt, estimate),
    flash: input.flash,
  });
}

/** Showing and saving the settings; an invalid form comes back with its errors (422). */
function settingsRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/program/settings', async (request, reply) => {
    const { frame, program, fmt } = await shopContext(ctx, request);
    if (!program) return reply.redirect('/admin/program', 303);
    const values = formValuesOf(program, pageTextsOf(program), frame.lang);
    const flash = flashFrom(request, { saved: frame.t.settings.saved });
    return sendPage(
      reply,
      await renderSettings(ctx, request, program, frame, fmt, {
        values,
        errors: {},
        preview: program.settings,
        rulesFellBack: false,
        flash,
      }),
    );
  });

  app.post('/program/settings', async (request, reply) => {
    const { frame, program, fmt, shopId } = await shopContext(ctx, request);
    if (!program) throw programNotFound(request);
    const values = readSettingsForm((request.body ?? {}) as Record<string, unknown>);
    const versions = await listStoreVersions(ctx, shopId, { program });
    const parsed = parseSettingsForm(values, program.settings, versions, frame.t, fmt);
    if (!parsed.settings) {
      const flash: Flash = { kind: 'error', text: frame.t.settings.invalid };
      const page = await renderSettings(ctx, request, program, frame, fmt, {
        values,
        errors: parsed.errors,
        preview: parsed.preview,
        rulesFellBack: parsed.rulesFellBack,
        flash,
      });
      return sendPage(reply, page, 422);
    }
    await updateSettings(ctx, shopId, parsed.settings);
    await savePageTexts(ctx, shopId, parsed.pages);
    return reply.redirect('/admin/program/settings?done=saved', 303);
  });
}

/**
 * What the settings page asks for as the form changes: the form's errors, and the page previews
 * and the estimate over the chosen range (default: the previous month) of the valid fields as
 * typed, with the saved value of each invalid one (`fallback` says so).
 */
function estimateRoute(app: FastifyInstance, ctx: AppContext) {
  app.post('/program/estimate', async (request, reply) => {
    const started = performance.now();
    const { frame, program, fmt, shopId } = await shopContext(ctx, request);
    if (!program) throw programNotFound(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = readSettingsForm(body);
    const versions = await listStoreVersions(ctx, shopId, { program });
    const parsed = parseSettingsForm(values, program.settings, versions, frame.t, fmt);
    const { preview } = parsed;
    const previews = {
      intro: previewHtml(renderPage(values.introPage, preview)).value,
      terms: previewHtml(renderPage(values.termsPage, preview)).value,
    };
    const timeZone = preview.timeZone;
    const from = typeof body.from === 'string' ? body.from : undefined;
    const to = typeof body.to === 'string' ? body.to : undefined;
    const range = from && to ? { from, to } : previousMonth(ctx.clock.now(), timeZone);
    const campaign = typeof body.campaign === 'string' && body.campaign ? body.campaign : undefined;
    const result = await estimateSettings(ctx, shopId, preview, range, campaign);
    const ms = performance.now() - started;
    reply.header('server-timing', `estimate;dur=${ms.toFixed(1)}`);
    return reply.send({
      errors: parsed.errors,
      fallback: parsed.rulesFellBack,
      previews,
      estimate: {
        range: result.range,
        charts: estimateCharts(result, fmt),
        totals: estimateTotals(frame.t, fmt, result),
        summaryHtml: estimateSummary(frame.t, fmt, result).value,
        keyFiguresHtml: estimateKeyFigures(frame.t, fmt, result).value,
        briefHtml: estimateBrief(frame.t, fmt, result).value,
        cached: result.cached,
        serverMs: Math.round(ms * 10) / 10,
      },
    });
  });
}

/** A message's HTML may carry inline styles but can never run script or load anything. */
const LETTER_POLICY =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

/**
 * The monthly e-mail as members would get it with the settings in the query (the fields of
 * `MAIL_PREVIEW_FIELDS`; those left out or invalid as saved), shown in a frame of the settings page.
 */
function mailPreviewRoute(app: FastifyInstance, ctx: AppContext) {
  app.get('/program/mail-preview', async (request, reply) => {
    const { frame, program, fmt, shopId } = await shopContext(ctx, request);
    if (!program) throw programNotFound(request);
    const given = (request.query ?? {}) as Record<string, unknown>;
    const saved = formValuesOf(program, pageTextsOf(program), frame.lang);
    const typed = readSettingsForm(given);
    const values: SettingsFormValues = { ...saved };
    for (const field of MAIL_PREVIEW_FIELDS) {
      if (given[field] === undefined) continue;
      if (field === 'tierPoints' || field === 'tierValue') values.tiers = typed.tiers;
      else values[field] = typed[field];
    }
    const versions = await listStoreVersions(ctx, shopId, { program });
    const { preview } = parseSettingsForm(values, program.settings, versions, frame.t, fmt);
    // Links to the service's own pages are made from the address the admin was reached at.
    const letter = await monthlyLetterPreview(ctx, shopId, preview, `${request.protocol}://${request.host}`);
    return reply
      .header('content-security-policy', LETTER_POLICY)
      .header('x-frame-options', 'SAMEORIGIN')
      .type('text/html; charset=utf-8')
      .send(letter.html);
  });
}

/** The dashboard's charts and figures for another range, fetched by the program page. */
function dashboardJsonRoute(app: FastifyInstance, ctx: AppContext) {
  app.get('/program/dashboard.json', async (request, reply) => {
    const { frame, program, fmt, timeZone, shopId } = await shopContext(ctx, request);
    if (!program) throw programNotFound(request);
    const now = ctx.clock.now();
    const range = chosenRange(request, timeZone, last30Days(now, timeZone));
    // The charts and figures as JSON, made once per language while the figures are shared.
    const json = await viewOf(sharedDashboard(ctx, shopId, range, timeZone), `json ${frame.lang}`, (d) =>
      JSON.stringify({
        charts: dashboardCharts(d, fmt),
        figuresHtml: figuresHtml(frame.t, fmt, d).value,
      }).slice(0, -1),
    );
    const updatedAt = JSON.stringify(frame.t.dashboard.updatedAt(fmt.time(now)));
    return reply
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(`${json},"updatedAt":${updatedAt}}`);
  });
}
