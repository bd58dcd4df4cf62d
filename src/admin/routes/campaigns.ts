import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { campaignEffect } from '../../app/campaigns/campaign-effect.ts';
import {
  type CampaignDraft,
  type CampaignView,
  campaignTimeZone,
  createCampaign,
  endCampaign,
  getCampaign,
  listCampaigns,
  updateCampaign,
} from '../../app/campaigns/campaigns.ts';
import type { AppContext } from '../../app/context.ts';
import { listStoreVersions } from '../../app/store-versions/list-store-versions.ts';
import { DomainError } from '../../domain/errors.ts';
import { formList, formText } from '../forms/numbers.ts';
import type { Messages } from '../i18n/index.ts';
import { flashFrom, type ShopContext, sendPage, shopContext } from '../request-context.ts';
import {
  CAMPAIGN_FORM_FIELDS,
  type CampaignForm,
  type CampaignFormField,
  campaignForm,
  campaignHref,
  campaignPage,
  campaignsPage,
  emptyCampaignForm,
  endCampaignPage,
} from '../views/campaigns.ts';
import type { Flash } from '../views/layout.ts';

type CampaignRequest = FastifyRequest<{ Params: { id: string } }>;

/** The form as typed. */
function formFrom(body: Record<string, unknown>): CampaignForm {
  const values = {} as CampaignForm['values'];
  for (const key of CAMPAIGN_FORM_FIELDS) values[key] = formText(body[key]).trim();
  return { values, storeVersionIds: formList(body.storeVersionIds), errors: {} };
}

/** Product ids or categories typed one a line or separated by commas. */
const listOf = (text: string) =>
  text
    .split(/[,\n]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** What the form asks for, as the use cases take it (they check it and read the times in the shop's zone). */
function draftOf(form: CampaignForm): CampaignDraft {
  const v = form.values;
  return {
    name: v.name,
    // Anything but a whole number is refused by the rule with the field named.
    multiplierPct: /^\d{1,6}$/.test(v.multiplierPct) ? Number(v.multiplierPct) : Number.NaN,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    membersFrom: v.membersFrom || null,
    productIds: listOf(v.productIds),
    categories: listOf(v.categories),
    storeVersionIds: form.storeVersionIds,
  };
}

/** Puts the rule's refusal beside the fields it names; false when the error is not a refusal of the fields. */
function withFieldErrors(t: Messages, form: CampaignForm, error: unknown): boolean {
  if (!(error instanceof DomainError) || error.code !== 'invalid_input' || error.fields.length === 0)
    return false;
  for (const e of error.fields) {
    const key = e.field.split('.')[0] as CampaignFormField | 'storeVersionIds';
    form.errors[key] = t.campaigns.fieldErrors[key] ?? e.message;
  }
  return true;
}

async function choices(ctx: AppContext, shop: ShopContext) {
  const versions =
    shop.storeVersions ?? (await listStoreVersions(ctx, shop.shopId, { program: shop.program ?? null }));
  return versions.map((v) => ({ id: v.id, name: v.name }));
}

async function listPage(
  ctx: AppContext,
  reply: FastifyReply,
  shop: ShopContext,
  form: CampaignForm,
  flash: Flash | null,
  status = 200,
) {
  const [campaigns, storeVersions, timeZone] = await Promise.all([
    listCampaigns(ctx, shop.shopId),
    choices(ctx, shop),
    campaignTimeZone(ctx.db, shop.shopId),
  ]);
  return sendPage(
    reply,
    campaignsPage(shop.frame, shop.fmt, { campaigns, form, storeVersions, timeZone, flash }),
    status,
  );
}

async function detailPage(
  ctx: AppContext,
  reply: FastifyReply,
  shop: ShopContext,
  campaign: CampaignView,
  options: { form?: CampaignForm; flash: Flash | null; status?: number },
) {
  const [effect, storeVersions, timeZone] = await Promise.all([
    campaignEffect(ctx, shop.shopId, campaign),
    choices(ctx, shop),
    campaignTimeZone(ctx.db, shop.shopId),
  ]);
  const form = campaign.state === 'planned' ? (options.form ?? campaignForm(campaign, timeZone)) : null;
  const fmt = shop.fmt;
  return sendPage(
    reply,
    campaignPage(shop.frame, fmt, { campaign, effect, form, storeVersions, flash: options.flash }),
    options.status ?? 200,
  );
}

/**
 * The owner's Campaigns pages (docs/campaigns.md): the list with the form that creates one; a
 * campaign's page with its effect, its edit form until it opens, and End now while it is in force
 * (after the shared confirmation step). Every change answers with a redirect.
 */
export function campaignRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/campaigns', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    return listPage(ctx, reply, shop, emptyCampaignForm(), null);
  });

  app.post('/campaigns', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const form = formFrom((request.body ?? {}) as Record<string, unknown>);
    try {
      const created = await createCampaign(ctx, shop.shopId, draftOf(form));
      return reply.redirect(`${campaignHref(created.id)}?done=created`, 303);
    } catch (error) {
      if (!withFieldErrors(shop.frame.t, form, error)) throw error;
      return listPage(ctx, reply, shop, form, { kind: 'error', text: shop.frame.t.campaigns.invalid }, 422);
    }
  });

  app.get<{ Params: { id: string } }>('/campaigns/:id', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const campaign = await getCampaign(ctx, shop.shopId, request.params.id);
    const x = shop.frame.t.campaigns;
    const flash = flashFrom(request, { created: x.created, saved: x.saved, ended: x.ended });
    return detailPage(ctx, reply, shop, campaign, { flash });
  });

  app.post<{ Params: { id: string } }>('/campaigns/:id', (request, reply) =>
    changeCampaign(ctx, request, reply),
  );

  app.post<{ Params: { id: string } }>('/campaigns/:id/end', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (formText(body.confirm) !== 'yes') {
      const campaign = await getCampaign(ctx, shop.shopId, request.params.id);
      if (campaign.state === 'ended') return reply.redirect(campaignHref(campaign.id), 303);
      return sendPage(reply, endCampaignPage(shop.frame, campaign));
    }
    await endCampaign(ctx, shop.shopId, request.params.id);
    return reply.redirect(`${campaignHref(request.params.id)}?done=ended`, 303);
  });
}

/** Saves the edit form of a campaign that has not opened; after it opened the page says it can only be ended. */
async function changeCampaign(ctx: AppContext, request: CampaignRequest, reply: FastifyReply) {
  const shop = await shopContext(ctx, request);
  const form = formFrom((request.body ?? {}) as Record<string, unknown>);
  const { t } = shop.frame;
  try {
    await updateCampaign(ctx, shop.shopId, request.params.id, draftOf(form));
    return reply.redirect(`${campaignHref(request.params.id)}?done=saved`, 303);
  } catch (error) {
    const campaign = await getCampaign(ctx, shop.shopId, request.params.id);
    if (error instanceof DomainError && error.code === 'campaign_started') {
      const flash = { kind: 'error' as const, text: t.campaigns.startedNoEdit };
      return detailPage(ctx, reply, shop, campaign, { flash, status: 409 });
    }
    if (!withFieldErrors(t, form, error)) throw error;
    const flash = { kind: 'error' as const, text: t.campaigns.invalid };
    return detailPage(ctx, reply, shop, campaign, { form, flash, status: 422 });
  }
}
