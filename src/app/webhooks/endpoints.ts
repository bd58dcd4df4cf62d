import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { WebhookEndpointsTable } from '../../db/tables-webhooks.ts';
import { DomainError } from '../../domain/errors.ts';
import { MAX_WEBHOOK_URL_LENGTH, webhookUrlProblem } from '../../domain/webhooks/endpoint-url.ts';
import { isWebhookEventType, type WebhookEventType } from '../../domain/webhooks/event-types.ts';
import type { AppContext } from '../context.ts';
import { deleteShopRowById, shopRowById } from '../shop-rows.ts';

/** A shop's webhook endpoint as the API and the admin show it (the secret only where asked). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  /** 'failing': the service disabled it after failing for days; 'merchant': turned off. */
  disabledReason: 'failing' | 'merchant' | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  /** Until when the secret before the last rotation still signs too. */
  previousSecretUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EndpointInput {
  url: string;
  description?: string | undefined;
  eventTypes: string[];
  enabled?: boolean | undefined;
}

/** The longest overlap of a rotation: the old secret signs too for at most a week. */
export const MAX_ROTATION_OVERLAP_HOURS = 24 * 7;
export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;

/** A new signing secret: 'whsec_' and the base64 of 32 random bytes (Standard Webhooks' form). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

const newEndpointId = () => `we_${randomBytes(12).toString('base64url')}`;

type EndpointRow = Selectable<WebhookEndpointsTable>;

function endpointOf(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types.filter(isWebhookEventType),
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at,
    failingSince: row.failing_since,
    previousSecretUntil: row.previous_secret_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function checkedInput(input: EndpointInput): { url: string; eventTypes: WebhookEventType[] } {
  const url = input.url.trim();
  const problem = url.length > MAX_WEBHOOK_URL_LENGTH ? 'the URL is too long' : webhookUrlProblem(url);
  if (problem) {
    throw new DomainError('webhook_url_not_allowed', `The webhook URL is refused: ${problem}`, [
      { field: 'url', message: problem },
    ]);
  }
  const unknown = input.eventTypes.filter((t) => !isWebhookEventType(t));
  if (unknown.length > 0 || input.eventTypes.length === 0) {
    throw new DomainError('invalid_input', 'Choose one or more of the listed event types', [
      {
        field: 'eventTypes',
        message: unknown.length ? `unknown: ${unknown.join(', ')}` : 'choose at least one',
      },
    ]);
  }
  return { url, eventTypes: [...new Set(input.eventTypes.filter(isWebhookEventType))] };
}

/** Adds an endpoint; its secret is answered once here (and readable again by the owner). */
export async function createEndpoint(
  ctx: AppContext,
  shopId: string,
  input: EndpointInput,
): Promise<WebhookEndpoint & { secret: string }> {
  const { url, eventTypes } = checkedInput(input);
  const now = ctx.clock.now();
  const secret = newWebhookSecret();
  const enabled = input.enabled ?? true;
  const row = await ctx.db
    .insertInto('webhook_endpoints')
    .values({
      shop_id: shopId,
      id: newEndpointId(),
      url,
      description: input.description?.trim() ?? '',
      event_types: eventTypes,
      enabled,
      secret,
      previous_secret: null,
      previous_secret_until: null,
      failing_since: null,
      disabled_at: enabled ? null : now,
      disabled_reason: enabled ? null : 'merchant',
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...endpointOf(row), secret };
}

export async function listEndpoints(ctx: AppContext, shopId: string): Promise<WebhookEndpoint[]> {
  const rows = await ctx.db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('shop_id', '=', shopId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(endpointOf);
}

async function endpointRow(ctx: AppContext, shopId: string, id: string): Promise<EndpointRow> {
  const row = await shopRowById(ctx.db, 'webhook_endpoints', shopId, id);
  if (!row) throw new DomainError('webhook_endpoint_not_found', `No webhook endpoint "${id}" in this shop`);
  return row;
}

export async function getEndpoint(ctx: AppContext, shopId: string, id: string): Promise<WebhookEndpoint> {
  return endpointOf(await endpointRow(ctx, shopId, id));
}

/** The endpoint's current signing secret (the owner may read it again, as with storefront secrets). */
export async function endpointSecret(ctx: AppContext, shopId: string, id: string): Promise<string> {
  return (await endpointRow(ctx, shopId, id)).secret;
}

/**
 * Changes an endpoint (what `change` leaves out stays). Enabling one clears its failure record; its deliveries kept while it was
 * disabled are sent again from where they stopped.
 */
export async function updateEndpoint(
  ctx: AppContext,
  shopId: string,
  id: string,
  change: Partial<EndpointInput>,
): Promise<WebhookEndpoint> {
  const now = ctx.clock.now();
  const current = await endpointRow(ctx, shopId, id);
  const input = {
    ...change,
    url: change.url ?? current.url,
    eventTypes: change.eventTypes ?? current.event_types,
  };
  const { url, eventTypes } = checkedInput(input);
  const enabled = input.enabled ?? current.enabled;
  const row = await ctx.db
    .updateTable('webhook_endpoints')
    .set({
      url,
      description: input.description?.trim() ?? current.description,
      event_types: eventTypes,
      enabled,
      ...(enabled
        ? { disabled_at: null, disabled_reason: null, ...(current.enabled ? {} : { failing_since: null }) }
        : current.enabled
          ? { disabled_at: now, disabled_reason: 'merchant' as const }
          : {}),
      updated_at: now,
    })
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return endpointOf(row);
}

/** Deletes an endpoint with its delivery log; events not yet delivered to it are dropped. */
export async function deleteEndpoint(ctx: AppContext, shopId: string, id: string): Promise<void> {
  if (!(await deleteShopRowById(ctx.db, 'webhook_endpoints', shopId, id)))
    throw new DomainError('webhook_endpoint_not_found', `No webhook endpoint "${id}" in this shop`);
}

/**
 * A new signing secret; the old one keeps signing beside it for `overlapHours` (0: not at all),
 * so a receiver can switch to the new one without refusing a request meanwhile.
 */
export async function rotateEndpointSecret(
  ctx: AppContext,
  shopId: string,
  id: string,
  overlapHours = DEFAULT_ROTATION_OVERLAP_HOURS,
): Promise<WebhookEndpoint & { secret: string }> {
  if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > MAX_ROTATION_OVERLAP_HOURS) {
    throw new DomainError('invalid_input', `The overlap is 0–${MAX_ROTATION_OVERLAP_HOURS} hours`, [
      { field: 'overlapHours', message: `0–${MAX_ROTATION_OVERLAP_HOURS}` },
    ]);
  }
  const now = ctx.clock.now();
  const current = await endpointRow(ctx, shopId, id);
  const secret = newWebhookSecret();
  const row = await ctx.db
    .updateTable('webhook_endpoints')
    .set({
      secret,
      previous_secret: overlapHours > 0 ? current.secret : null,
      previous_secret_until: overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3600_000) : null,
      updated_at: now,
    })
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...endpointOf(row), secret };
}
