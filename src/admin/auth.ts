import { randomBytes, timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AdminPageRows, resolveAdminPage } from '../app/admin-users/page-rows.ts';
import { type AdminSession, SESSION_HOURS } from '../app/admin-users/sessions.ts';
import type { AppContext } from '../app/context.ts';
import { keepsRows, keptSession } from './kept-rows.ts';

export const SESSION_COOKIE = 'loyalty_admin';
export const LOGIN_COOKIE = 'loyalty_admin_login';

declare module 'fastify' {
  interface FastifyRequest {
    adminSession: AdminSession | null;
    /** The program and store versions read with the session (PostgreSQL, GET), for the page. */
    adminPageRows: AdminPageRows | null;
  }
}

/** The cookie holds the shop and the session's random token, so the lookup is keyed by shop. */
export function sessionCookieValue(shopId: string, token: string): string {
  return `${encodeURIComponent(shopId)}.${token}`;
}

export function parseSessionCookie(value: string | undefined): { shopId: string; token: string } | null {
  if (!value) return null;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const token = value.slice(dot + 1);
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  try {
    return { shopId: decodeURIComponent(value.slice(0, dot)), token };
  } catch {
    return null;
  }
}

export function cookieOptions(secure: boolean, maxAgeSeconds: number) {
  return { path: '/admin', httpOnly: true, sameSite: 'lax' as const, secure, maxAge: maxAgeSeconds };
}

export const SESSION_MAX_AGE = SESSION_HOURS * 3600;

export function newLoginToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameToken(given: unknown, expected: string | undefined): boolean {
  if (typeof given !== 'string' || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Where a request must go when it has no session, or what it gets: never the page itself. */
export type Refusal = { kind: 'sign_in' } | { kind: 'csrf' } | { kind: 'role' };

/** The point-of-sale screen and what every signed-in user needs (signing out, the language). */
const CASHIER_ROUTES = /^\/admin\/(?:pos(?:\/.*)?|logout|language)$/;

/**
 * Whether the session's user may reach this address: an owner everything, a cashier only the
 * point-of-sale screen. The one place roles are checked, for every page and action of the admin.
 */
export function roleAllows(session: AdminSession, route: string): boolean {
  return session.user.role === 'owner' || CASHIER_ROUTES.test(route);
}

/**
 * Finds the session of the request's cookie; for anything but GET and HEAD also checks the
 * CSRF token, sent as the `_csrf` form field or the `x-csrf-token` header.
 */
export async function checkRequest(ctx: AppContext, request: FastifyRequest): Promise<Refusal | null> {
  const parsed = parseSessionCookie(request.cookies[SESSION_COOKIE]);
  const reading = request.method === 'GET' || request.method === 'HEAD';
  let session: AdminSession | null = null;
  if (parsed && reading && !keepsRows(ctx)) {
    // One round trip for the rows every page reads; a write reads them again after it.
    const rows = await resolveAdminPage(ctx, parsed.shopId, parsed.token);
    request.adminPageRows = rows;
    session = rows?.session ?? null;
  } else if (parsed) {
    session = await keptSession(ctx, parsed.shopId, parsed.token);
  }
  if (!session) return { kind: 'sign_in' };
  request.adminSession = session;
  // The route's registered path, not the address as sent, so no spelling of a path slips past.
  if (!roleAllows(session, request.routeOptions.url ?? '')) return { kind: 'role' };
  if (reading) return null;
  const body = request.body as Record<string, unknown> | undefined;
  const given = request.headers['x-csrf-token'] ?? body?._csrf;
  return sameToken(given, session.csrfToken) ? null : { kind: 'csrf' };
}

/** Whether the caller is the page's script (JSON) rather than the browser navigating. */
export function wantsJson(request: FastifyRequest): boolean {
  return (
    (request.headers.accept ?? '').includes('application/json') ||
    request.headers['x-csrf-token'] !== undefined
  );
}

export function sessionOf(request: FastifyRequest): AdminSession {
  if (!request.adminSession) throw new Error('The admin route ran without a session');
  return request.adminSession;
}

export type { FastifyReply };
