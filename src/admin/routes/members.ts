import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getMarketingConsent } from '../../app/consent/marketing-consent.ts';
import type { AppContext } from '../../app/context.ts';
import { adjustPoints } from '../../app/ledger/adjust-points.ts';
import { getMember, listLedger, listMemberCodes } from '../../app/members/member-view.ts';
import { listMembers } from '../../app/reports/members-list.ts';
import { DomainError } from '../../domain/errors.ts';
import { MAX_ADJUSTMENT_POINTS, MAX_BALANCE_POINTS, MAX_REASON_LENGTH } from '../../domain/limits.ts';
import { sessionOf } from '../auth.ts';
import { formText, looksWholeNumber, parseWholeNumber } from '../forms/numbers.ts';
import type { Format, Messages } from '../i18n/index.ts';
import { query, sendPage, shopContext } from '../request-context.ts';
import type { Flash } from '../views/layout.ts';
import { type AdjustForm, memberPage, membersPage } from '../views/members.ts';
import { memberConsentRoute } from './member-consent.ts';

const LEDGER_PAGE = 50;

type MemberRequest = FastifyRequest<{ Params: { customerId: string } }>;

export function memberRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/members', async (request, reply) => {
    const { frame, fmt, shopId } = await shopContext(ctx, request);
    const q = query(request);
    const list = await listMembers(ctx, shopId, { query: q.q, page: Number(q.page) || 1 });
    return sendPage(reply, membersPage(frame, fmt, list, q.q ?? ''));
  });

  app.get<{ Params: { customerId: string } }>('/members/:customerId', async (request, reply) => {
    const { frame, fmt } = await shopContext(ctx, request);
    const q = query(request);
    const points = parseWholeNumber(q.points ?? '');
    const consentDone = q.done === 'consent-granted' || q.done === 'consent-withdrawn';
    const flash: Flash | null = consentDone
      ? {
          kind: 'ok',
          text: q.done === 'consent-granted' ? frame.t.consent.grantedNow : frame.t.consent.withdrawnNow,
        }
      : q.done === 'adjusted' && points !== null
        ? {
            kind: 'ok',
            text: frame.t.member.adjusted(
              `${points > 0 ? '+' : ''}${fmt.number(points)}`,
              fmt.number(Number(q.balance) || 0),
            ),
          }
        : null;
    const { page, status } = await renderMember(ctx, request, { points: '', reason: '', errors: {} }, flash);
    return sendPage(reply, page, status);
  });

  adjustRoute(app, ctx);
  memberConsentRoute(app, ctx);
}

/** A member's page: balance, a page of the ledger (before the entry in the query), codes, the adjust form. */
async function renderMember(
  ctx: AppContext,
  request: MemberRequest,
  adjust: AdjustForm,
  flash: Flash | null,
  status = 200,
) {
  const { frame, fmt, shopId } = await shopContext(ctx, request);
  const customerId = request.params.customerId;
  const before = Number(query(request).before);
  const member = await getMember(ctx, shopId, customerId);
  const [ledger, codes, consent] = await Promise.all([
    listLedger(ctx, shopId, customerId, {
      limit: LEDGER_PAGE,
      before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
    }),
    listMemberCodes(ctx, shopId, customerId),
    getMarketingConsent(ctx, shopId, customerId),
  ]);
  return { status, page: memberPage(frame, fmt, { member, ledger, codes, consent, adjust, flash }) };
}

/**
 * Adjusting a member's points by hand, with a reason. A refused form comes back on the member's
 * page with its errors (422); a done one redirects there with the new balance.
 */
function adjustRoute(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: { customerId: string } }>('/members/:customerId/adjust', async (request, reply) => {
    const { frame, fmt } = await shopContext(ctx, request);
    const t = frame.t;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form: AdjustForm = { points: formText(body.points), reason: formText(body.reason), errors: {} };
    const refuse = async () => {
      const { page } = await renderMember(
        ctx,
        request,
        form,
        { kind: 'error', text: form.errors.reason ?? form.errors.points! },
        422,
      );
      return sendPage(reply, page, 422);
    };
    const points = checkAdjustForm(form, t, fmt);
    if (points === null) return refuse();
    const session = sessionOf(request);
    try {
      const result = await adjustPoints(ctx, {
        shopId: session.shopId,
        customerId: request.params.customerId,
        points,
        reason: form.reason,
        author: session.user.name ? `${session.user.name} <${session.user.email}>` : session.user.email,
      });
      const params = new URLSearchParams({
        done: 'adjusted',
        points: String(points),
        balance: String(result.balance),
      });
      return reply.redirect(
        `/admin/members/${encodeURIComponent(request.params.customerId)}?${params.toString()}`,
        303,
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'reason_required') {
        form.errors.reason = t.member.reasonRequired;
        return refuse();
      }
      if (error instanceof DomainError && error.code === 'invalid_input') {
        // What the form checks above cannot know: the balance the adjustment would lead to.
        form.errors.points = t.member.balanceLimit(fmt.number(MAX_BALANCE_POINTS));
        return refuse();
      }
      throw error;
    }
  });
}

/**
 * The points of an adjustment form when the form is acceptable (a whole number other than 0 within
 * the limit, and a reason of allowed length); otherwise null, with the errors set on the form.
 */
function checkAdjustForm(form: AdjustForm, t: Messages, fmt: Format): number | null {
  const points = parseWholeNumber(form.points);
  const tooLarge = t.member.pointsTooLarge(fmt.number(MAX_ADJUSTMENT_POINTS));
  if (points === null) form.errors.points = looksWholeNumber(form.points) ? tooLarge : t.member.pointsInvalid;
  else if (points === 0) form.errors.points = t.member.pointsInvalid;
  else if (Math.abs(points) > MAX_ADJUSTMENT_POINTS) form.errors.points = tooLarge;
  const reason = form.reason.trim();
  if (!reason) form.errors.reason = t.member.reasonRequired;
  else if (reason.length > MAX_REASON_LENGTH) {
    form.errors.reason = t.member.reasonTooLong(fmt.number(MAX_REASON_LENGTH));
  }
  return form.errors.points || form.errors.reason ? null : points;
}
