import type { FastifyInstance } from 'fastify';
import { signIn, signOut } from '../../app/admin-users/sessions.ts';
import { setAdminLanguage } from '../../app/admin-users/users.ts';
import type { AppContext } from '../../app/context.ts';
import {
  cookieOptions,
  LOGIN_COOKIE,
  newLoginToken,
  parseSessionCookie,
  SESSION_COOKIE,
  SESSION_MAX_AGE,
  sameToken,
  sessionCookieValue,
  sessionOf,
} from '../auth.ts';
import { formText } from '../forms/numbers.ts';
import { isLang } from '../i18n/index.ts';
import { LoginThrottle } from '../login-throttle.ts';
import { pageFrameOf, query, sendPage } from '../request-context.ts';
import { signInPage } from '../views/sign-in.ts';

/** Only paths inside the admin are followed after signing in, never another site. */
function safeNext(next: string | undefined): string {
  return next && /^\/admin(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith('//') ? next : '/admin/program';
}

export function signInRoutes(app: FastifyInstance, ctx: AppContext, secureCookies: boolean) {
  const throttle = new LoginThrottle();

  app.get('/login', async (request, reply) => {
    const q = query(request);
    const frame = pageFrameOf(request);
    const token =
      request.cookies[LOGIN_COOKIE] && /^[\w-]{32}$/.test(request.cookies[LOGIN_COOKIE]!)
        ? request.cookies[LOGIN_COOKIE]!
        : newLoginToken();
    reply.setCookie(LOGIN_COOKIE, token, cookieOptions(secureCookies, 3600));
    const flash =
      q.signedOut === '1'
        ? { kind: 'ok' as const, text: frame.t.signIn.signedOut }
        : q.expired === '1'
          ? { kind: 'error' as const, text: frame.t.signIn.expired }
          : null;
    return sendPage(
      reply,
      signInPage(frame, { shop: q.shop ?? '', email: '', next: safeNext(q.next), loginToken: token }, flash),
    );
  });

  app.post('/login', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const frame = pageFrameOf(request);
    const shop = formText(body.shop).trim();
    const email = formText(body.email).trim();
    const next = safeNext(formText(body.next));
    const loginToken = request.cookies[LOGIN_COOKIE];
    const form = { shop, email, next, loginToken: loginToken ?? newLoginToken() };
    if (!sameToken(body._csrf, loginToken)) {
      reply.setCookie(LOGIN_COOKIE, form.loginToken, cookieOptions(secureCookies, 3600));
      return sendPage(reply, signInPage(frame, form, { kind: 'error', text: frame.t.errors.csrf }), 403);
    }
    const now = ctx.clock.now();
    const account = `${shop}\u0000${email.toLowerCase()}`;
    if (throttle.blocked(account, request.ip, now)) {
      reply.header('retry-after', String(Math.max(1, throttle.retryAfterSeconds(account, request.ip, now))));
      return sendPage(reply, signInPage(frame, form, { kind: 'error', text: frame.t.signIn.tooMany }), 429);
    }
    const signedIn =
      shop && email ? await signIn(ctx, { shopId: shop, email, password: formText(body.password) }) : null;
    if (!signedIn) {
      throttle.failed(account, request.ip, now);
      return sendPage(reply, signInPage(frame, form, { kind: 'error', text: frame.t.signIn.failed }), 401);
    }
    throttle.succeeded(account);
    reply.clearCookie(LOGIN_COOKIE, { path: '/admin' });
    reply.setCookie(
      SESSION_COOKIE,
      sessionCookieValue(shop, signedIn.token),
      cookieOptions(secureCookies, SESSION_MAX_AGE),
    );
    return reply.redirect(next, 303);
  });
}

export function accountRoutes(app: FastifyInstance, ctx: AppContext) {
  app.post('/logout', async (request, reply) => {
    const parsed = parseSessionCookie(request.cookies[SESSION_COOKIE]);
    if (parsed) await signOut(ctx, parsed.shopId, parsed.token);
    reply.clearCookie(SESSION_COOKIE, { path: '/admin' });
    return reply.redirect(
      `/admin/login?signedOut=1&shop=${encodeURIComponent(sessionOf(request).shopId)}`,
      303,
    );
  });

  app.post('/language', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const chosen = formText(body.language);
    await setAdminLanguage(ctx, sessionOf(request).user, isLang(chosen) ? chosen : null);
    const back =
      typeof request.headers.referer === 'string'
        ? new URL(request.headers.referer, 'http://x').pathname
        : '';
    return reply.redirect(safeNext(back), 303);
  });
}
