import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import type { Program } from '../app/program/load-program.ts';
import type { StoreVersionView } from '../app/store-versions/list-store-versions.ts';
import { DEFAULT_TIME_ZONE } from '../domain/program/settings.ts';
import type { Html } from './html.ts';
import { type Format, formatter, isLang, type Lang, messages, pickLanguage } from './i18n/index.ts';
import { keptProgram } from './kept-rows.ts';
import type { Flash, PageFrame } from './views/layout.ts';

/** Texts and language for this request: the user's choice, else `?lang=`, else the browser's. */
export function pageFrameOf(request: FastifyRequest): PageFrame {
  const session = request.adminSession ?? null;
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  const lang: Lang = pickLanguage(
    session?.user.language ?? (isLang(asked) ? asked : null),
    request.headers['accept-language'],
  );
  return { t: messages(lang), lang, session };
}

export interface ShopContext {
  frame: PageFrame;
  program: Program | undefined;
  fmt: Format;
  timeZone: string;
  shopId: string;
  /** The shop's store versions when they were read with the session (else undefined: read them). */
  storeVersions: StoreVersionView[] | undefined;
}

/** The signed-in shop's program (or none) and formatting in the shop's time zone. */
export async function shopContext(ctx: AppContext, request: FastifyRequest): Promise<ShopContext> {
  const frame = pageFrameOf(request);
  const shopId = frame.session!.shopId;
  const rows = request.adminPageRows;
  const program = rows ? rows.program : await keptProgram(ctx, shopId);
  const timeZone = program?.settings.timeZone ?? DEFAULT_TIME_ZONE;
  const fmt = formatter(frame.lang, timeZone);
  return { frame, program, fmt, timeZone, shopId, storeVersions: rows?.storeVersions };
}

export function sendPage(reply: FastifyReply, page: Html, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(page.value);
}

/** Flash messages survive one redirect in the query string as a key, never as free text. */
export function flashFrom(request: FastifyRequest, texts: Record<string, string>): Flash | null {
  const key = (request.query as Record<string, unknown> | undefined)?.done;
  if (typeof key !== 'string' || !(key in texts)) return null;
  return { kind: 'ok', text: texts[key]! };
}

export function query(request: FastifyRequest): Record<string, string | undefined> {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(q))
    out[k] = typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
  return out;
}
