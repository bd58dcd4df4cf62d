import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { DomainError } from '../domain/errors.ts';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  databaseUnavailableDetail,
  isDatabaseUnavailable,
} from '../http/database-unavailable.ts';
import { problem, statusOf, transportProblem } from '../http/problem.ts';
import { mailDefaults } from '../mail/mailer.ts';
import { ASSETS_DIR, CHART_JS_DIR, ZXING_DIR, ZXING_FILE } from './asset-urls.ts';
import { checkRequest, wantsJson } from './auth.ts';
import { pageFrameOf, sendPage } from './request-context.ts';
import { adminUserRoutes } from './routes/admin-users.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { billingRoutes } from './routes/billing.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { codeRoutes } from './routes/codes.ts';
import { exportRoutes } from './routes/exports.ts';
import { importRoutes, importServiceRoutes } from './routes/import.ts';
import { liabilityRoutes } from './routes/liability.ts';
import { mailRoutes } from './routes/mail.ts';
import { mailSettingsRoutes } from './routes/mail-settings.ts';
import { memberDataRoutes } from './routes/member-data.ts';
import { memberRoutes } from './routes/members.ts';
import { orderRoutes } from './routes/orders.ts';
import { posRoutes } from './routes/pos.ts';
import { programRoutes } from './routes/program.ts';
import { segmentRoutes } from './routes/segments.ts';
import { accountRoutes, signInRoutes } from './routes/sign-in.ts';
import { storeVersionRoutes } from './routes/store-versions.ts';
import { webhookAdminRoutes } from './routes/webhooks.ts';
import { messagePage } from './views/layout.ts';

export interface AdminOptions {
  /** Cookies get the Secure flag when the service is reached over HTTPS. */
  publicUrl?: string | undefined;
}

/** No inline script, no foreign origin, no framing: merchant text can never run as code. */
const PAGE_POLICY = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
  'x-frame-options': 'DENY',
};
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/** The files served under /admin/assets/: our stylesheet and scripts, chart.js's and the barcode reader's builds. */
const ASSET_FILES = [
  '/admin.css',
  '/admin.js',
  '/pos.js',
  '/liability.js',
  '/chart.umd.min.js',
  `/${ZXING_FILE}`,
];

const ROUTES = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** Every page and action the admin registered on `app` (after `app.ready()`), for checks that must cover them all. */
export function adminRoutes(app: FastifyInstance): { method: string; url: string }[] {
  return ROUTES.get(app) ?? [];
}

/**
 * The merchant admin under /admin: server-rendered pages (typed template functions with
 * escaping by default), a small script for the live estimate, the tier editor and the charts
 * (chart.js served from node_modules), sessions in the database and a CSRF token on every form.
 * Long because every page's routes are registered here, one line each, where a reader finds them.
 */
export function registerAdmin(app: FastifyInstance, ctx: AppContext, options: AdminOptions = {}): void {
  const secureCookies = (options.publicUrl ?? '').startsWith('https:');
  const routes: { method: string; url: string }[] = [];
  ROUTES.set(app, routes);
  // The command line beside a running service sends its imports here, with an operator key.
  importServiceRoutes(app, ctx);
  app.register(
    async (admin) => {
      admin.addHook('onRoute', (route) => {
        for (const method of [route.method].flat())
          if (method !== 'HEAD') routes.push({ method, url: route.url });
      });
      if (!admin.hasDecorator('parseCookie')) await admin.register(fastifyCookie);
      if (!admin.hasContentTypeParser('application/x-www-form-urlencoded'))
        await admin.register(fastifyFormbody);
      admin.decorateRequest('adminSession', null);
      admin.decorateRequest('adminPageRows', null);
      // Our stylesheet and scripts, chart.js's and the barcode reader's browser builds: nothing else.
      await admin.register(fastifyStatic, {
        root: [ASSETS_DIR, CHART_JS_DIR, ...(ZXING_DIR ? [ZXING_DIR] : [])],
        prefix: '/assets/',
        decorateReply: false,
        // Pages ask for them with a digest of their content in the address.
        maxAge: '30d',
        allowedPath: (path) => ASSET_FILES.includes(path),
      });
      admin.addHook('onSend', async (_request, reply) => {
        // A route that set its own policy (the framed e-mail) keeps it.
        if (!reply.hasHeader('content-security-policy')) reply.headers(PAGE_POLICY);
        reply.headers(SECURITY_HEADERS);
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      });
      admin.setErrorHandler((error: FastifyError, request, reply) => errorPage(error, request, reply));
      admin.setNotFoundHandler((request, reply) =>
        errorPage(
          new DomainError('invalid_input', `No page ${request.method} ${request.url}`),
          request,
          reply,
          404,
        ),
      );

      admin.get('/', async (_request, reply) => reply.redirect('/admin/program', 303));
      signInRoutes(admin, ctx, secureCookies);

      await admin.register(async (secure) => {
        secure.addHook('preHandler', async (request, reply) => {
          const refusal = await checkRequest(ctx, request);
          if (!refusal) return;
          if (refusal.kind === 'sign_in') return refuseSignedOut(request, reply);
          if (refusal.kind === 'role') return refuseRole(request, reply);
          return refuse(request, reply, 403, 'csrf_failed');
        });
        accountRoutes(secure, ctx);
        programRoutes(secure, ctx);
        memberRoutes(secure, ctx);
        memberDataRoutes(secure, ctx);
        segmentRoutes(secure, ctx);
        campaignRoutes(secure, ctx);
        codeRoutes(secure, ctx);
        orderRoutes(secure, ctx);
        liabilityRoutes(secure, ctx);
        exportRoutes(secure, ctx);
        billingRoutes(secure, ctx);
        mailRoutes(
          secure,
          ctx,
          mailDefaults({ smtpUrl: undefined, publicUrl: options.publicUrl ?? 'http://localhost:3000' }),
        );
        mailSettingsRoutes(secure, ctx);
        storeVersionRoutes(secure, ctx);
        apiKeyRoutes(secure, ctx, secureCookies);
        webhookAdminRoutes(secure, ctx);
        importRoutes(secure, ctx);
        posRoutes(secure, ctx);
        adminUserRoutes(secure, ctx);
      });
    },
    { prefix: '/admin' },
  );
}

function refuseSignedOut(request: FastifyRequest, reply: FastifyReply) {
  if ((request.method === 'GET' || request.method === 'HEAD') && !wantsJson(request)) {
    const next = request.url.startsWith('/admin') ? request.url : '/admin/program';
    return reply.redirect(`/admin/login?next=${encodeURIComponent(next)}`, 303);
  }
  return refuse(request, reply, 401, 'not_signed_in');
}

/** A cashier asking for anything but the point-of-sale screen: a page goes there, the rest is refused. */
function refuseRole(request: FastifyRequest, reply: FastifyReply) {
  if ((request.method === 'GET' || request.method === 'HEAD') && !wantsJson(request))
    return reply.redirect('/admin/pos', 303);
  return refuse(request, reply, 403, 'role_forbidden');
}

function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: 401 | 403,
  code: 'not_signed_in' | 'csrf_failed' | 'role_forbidden',
) {
  const frame = pageFrameOf(request);
  const t = frame.t;
  if (wantsJson(request)) {
    const detail =
      code === 'csrf_failed' ? t.errors.csrf : code === 'role_forbidden' ? t.errors.role : t.errors.signIn;
    return reply
      .status(status)
      .type('application/problem+json')
      .send(problem(status, code, detail, request.id));
  }
  const page =
    code === 'csrf_failed'
      ? messagePage(frame, t.errors.csrfTitle, t.errors.csrf, {
          href: '/admin/program',
          label: t.errors.back,
        })
      : code === 'role_forbidden'
        ? messagePage(frame, t.errors.roleTitle, t.errors.role, { href: '/admin/pos', label: t.nav.pos })
        : messagePage(frame, t.errors.signInTitle, t.errors.signIn, {
            href: '/admin/login',
            label: t.signIn.submit,
          });
  return sendPage(reply, page, status);
}

function errorPage(
  error: FastifyError | DomainError,
  request: FastifyRequest,
  reply: FastifyReply,
  forced?: number,
) {
  const frame = pageFrameOf(request);
  const t = frame.t;
  const domain = error instanceof DomainError ? error : null;
  const unavailable = !domain && !forced && isDatabaseUnavailable(error);
  const transport = domain || forced || unavailable ? undefined : transportProblem(error as FastifyError);
  const status = forced ?? (domain ? statusOf(domain.code) : unavailable ? 503 : (transport?.[0] ?? 500));
  if (unavailable) {
    request.log.warn('database unavailable');
    reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  } else if (status >= 500) request.log.error({ err: error }, 'admin page failed');
  if (wantsJson(request)) {
    const code =
      domain?.code ??
      (status === 404
        ? 'route_not_found'
        : unavailable
          ? 'database_unavailable'
          : (transport?.[1] ?? 'internal_error'));
    const detail = unavailable
      ? databaseUnavailableDetail(error)
      : status >= 500
        ? t.errors.server(request.id)
        : (transport?.[2] ?? error.message);
    return reply
      .status(status)
      .type('application/problem+json')
      .send(problem(status, code, detail, request.id, domain?.fields));
  }
  const back = { href: '/admin/program', label: t.errors.back };
  const page =
    status === 404
      ? messagePage(frame, t.errors.notFoundTitle, t.errors.notFound, back)
      : status >= 500
        ? messagePage(frame, t.errors.serverTitle, t.errors.server(request.id), back)
        : messagePage(frame, t.errors.serverTitle, error.message, back);
  return sendPage(reply, page, status);
}
