/**
 * Answers shaped alike across resources: a whole list, a page of a list read newest first, and
 * a deletion. Each comes as its schema and a builder of the answer that fits it.
 */
import { z } from 'zod';
import { pageLimit } from './schemas.ts';

/** A whole list in one answer, `{ object: 'list', data }`: at most `max` items where it is bounded. */
export function listSchema<T extends z.ZodType>(item: T, max?: number) {
  return z.object({
    object: z.literal('list'),
    data: max === undefined ? z.array(item) : z.array(item).max(max),
  });
}

/** The answer of a {@link listSchema}: each row as the API shows it. */
export function listJson<R, J>(rows: readonly R[], json: (row: R) => J) {
  return { object: 'list' as const, data: rows.map((row) => json(row)) };
}

/** The query of a page of a list read newest first: its size and where it starts. */
export function pageQueryFields(before: string) {
  return {
    limit: pageLimit,
    before: z.coerce.number().int().positive().optional().describe(before),
  };
}

/**
 * A page of a list read newest first. For the next page a client passes `nextBefore` as
 * `before`; it is null on the last page, and `hasMore` says the same.
 */
export function pageSchema<T extends z.ZodType>(item: T, max: number) {
  return z.object({
    object: z.literal('list'),
    data: z.array(item).max(max),
    hasMore: z.boolean(),
    nextBefore: z.int().min(1).nullable(),
  });
}

/** The answer of a {@link pageSchema}: its rows as the API shows them, and where the next page starts. */
export function pageJson<R, J>(rows: readonly R[], nextBefore: number | null, json: (row: R) => J) {
  return { ...listJson(rows, json), hasMore: nextBefore !== null, nextBefore };
}

/** The answer to deleting a resource: which one, and that it is gone. */
export function deletedSchema<O extends string, I extends z.ZodType>(object: O, id: I) {
  return z.object({ object: z.literal(object), id, deleted: z.literal(true) });
}

export function deletedJson<O extends string>(object: O, id: string) {
  return { object, id, deleted: true as const };
}

/**
 * The answers of a write whose work may be done already: 201 when this request made it (created
 * the resource, applied the event), 200 with the same body when it was there before (a PUT that
 * replaces, an event recorded before). {@link createdStatus} picks the one.
 */
export function createdOrFoundSchema<T extends z.ZodType>(schema: T) {
  return { 201: schema, 200: schema };
}

export function createdStatus(created: boolean) {
  return created ? 201 : 200;
}

/** The status of an event's answer: 201 when applied now, 200 for a `duplicate` of one recorded before. */
export function appliedStatus(result: { outcome: 'applied' | 'duplicate' }) {
  return createdStatus(result.outcome === 'applied');
}
