import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import type { MemberView } from '../../app/members/member-view.ts';
import { findAtTill } from '../../app/pos/find-at-till.ts';
import { checkTillCode } from '../../app/pos/till-code-check.ts';
import { tillMember } from '../../app/pos/till-member.ts';
import { completeTillSale, type TillSaleResult } from '../../app/pos/till-sale.ts';
import { CodeRefusedError } from '../../domain/codes/code-checks.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  MAX_CODE_LENGTH,
  MAX_LINE_QUANTITY,
  MAX_ORDER_LINES,
  MAX_ORDER_TOTAL_CENTS,
  MAX_STORE_ID_LENGTH,
} from '../../domain/limits.ts';
import { problem } from '../../http/problem.ts';
import { ZXING_URL } from '../asset-urls.ts';
import { sessionOf } from '../auth.ts';
import { keptStoreVersions } from '../kept-rows.ts';
import { query, type ShopContext, sendPage, shopContext } from '../request-context.ts';
import { posPage } from '../views/pos.ts';

const storeId = z.string().trim().min(1).max(MAX_STORE_ID_LENGTH);

const lines = z
  .array(
    z.object({
      productId: storeId,
      quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
      unitPriceCents: z.number().int().min(0).max(MAX_ORDER_TOTAL_CENTS),
    }),
  )
  .min(1)
  .max(MAX_ORDER_LINES);

const codeCheckBody = z.object({
  customerId: storeId,
  storeVersionId: storeId,
  code: z.string().trim().min(1).max(MAX_CODE_LENGTH),
  lines,
});

const saleBody = z.object({
  // Made by the till's script when the sale starts: `pos-` and random letters and digits.
  orderId: z.string().regex(/^pos-[A-Za-z0-9-]{8,80}$/),
  customerId: storeId,
  storeVersionId: storeId,
  code: z.string().trim().max(MAX_CODE_LENGTH).nullable().default(null),
  lines,
});

/** The body as the schema reads it, or 400 `invalid_input` naming each field that is wrong. */
function parsed<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
  throw new DomainError('invalid_input', `Check ${fields.map((f) => f.field).join(', ')}`, fields);
}

function memberJson(shop: ShopContext, m: MemberView) {
  return {
    customerId: m.customerId,
    name: m.name,
    email: m.email,
    phone: m.phone,
    memberNumber: m.member?.memberNumber ?? null,
    balance: m.balance,
    balanceText: shop.fmt.number(m.balance),
  };
}

/**
 * The till (/admin/pos): the page, and the JSON its script calls. Owners and cashiers alike; a
 * cashier's account reaches nothing else (the admin's guard in src/admin/auth.ts).
 */
export function posRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/pos', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const stores = shop.storeVersions ?? (await keptStoreVersions(ctx, shop.shopId, shop.program ?? null));
    const q = query(request).q ?? '';
    return sendPage(reply, posPage(shop.frame, { stores, cameraScript: ZXING_URL, query: q.slice(0, 300) }));
  });

  app.get('/pos/members', async (request) => {
    const shop = await shopContext(ctx, request);
    const found = await findAtTill(ctx, shop.shopId, (query(request).q ?? '').slice(0, 300));
    return { members: found.map((m) => memberJson(shop, m)) };
  });

  app.get<{ Params: { customerId: string } }>('/pos/members/:customerId', async (request) => {
    const shop = await shopContext(ctx, request);
    const { member, codes } = await tillMember(ctx, shop.shopId, request.params.customerId);
    return {
      member: memberJson(shop, member),
      codes: codes.map((c) => ({
        code: c.code,
        valueCents: c.valueCents,
        valueText: shop.fmt.euros(c.valueCents),
        validUntilText: shop.fmt.date(c.validUntil),
      })),
    };
  });

  app.post('/pos/code-checks', async (request) => {
    const shop = await shopContext(ctx, request);
    const body = parsed(codeCheckBody, request.body);
    const answer = await checkTillCode(ctx, { shopId: shop.shopId, ...body });
    return {
      accepted: answer.accepted,
      code: answer.code,
      discountCents: answer.accepted ? answer.discountCents : 0,
      discountText: shop.fmt.euros(answer.accepted ? answer.discountCents : 0),
      reason: answer.accepted ? null : answer.reason,
    };
  });

  saleRoute(app, ctx);
}

function saleRoute(app: FastifyInstance, ctx: AppContext) {
  app.post('/pos/sales', async (request: FastifyRequest, reply) => {
    const shop = await shopContext(ctx, request);
    const body = parsed(saleBody, request.body);
    let sale: TillSaleResult;
    try {
      sale = await completeTillSale(ctx, { shopId: sessionOf(request).shopId, ...body });
    } catch (error) {
      if (!(error instanceof CodeRefusedError)) throw error;
      // The reason too, so the till says why in the cashier's language.
      return reply
        .status(409)
        .type('application/problem+json')
        .send({ ...problem(409, error.code, error.message, request.id, error.fields), reason: error.reason });
    }
    return reply.status(sale.outcome === 'applied' ? 201 : 200).send({
      ...sale,
      pointsText: shop.fmt.number(sale.pointsEarned),
      balanceText: shop.fmt.number(sale.balance),
      discountText: shop.fmt.euros(sale.discountCents),
    });
  });
}
