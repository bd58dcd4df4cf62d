import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { RangeCalendar } from '../../domain/simulation/calendar.ts';
import { dayStarts } from '../../domain/simulation/date-range.ts';
import { buildHistory, type ShopHistory } from '../../domain/simulation/history.ts';
import { timeSlicesFor } from '../time-slices.ts';
import { parseRows, parseSlicesInOrder } from './parse-columns.ts';

export interface HistoryQuery {
  shopId: string;
  timeZone: string;
  calendar: RangeCalendar;
  start: Date;
  end: Date;
  versionIds: string[];
}

/** Every UTC offset in use is a whole number of quarter hours, so local midnights fall on them. */
const QUARTER_HOUR = 900;

/**
 * Reads the shop's history over the range: three scans, each returning one text (the orders of a
 * long range in slices of time, parsed as they arrive). Times come as quarter hours since the range's start (cheap arithmetic in the
 * database) and become local days here through a table built with the zone's rules. Customers are identified by
 * their id and numbered here in order of appearance; versions are indexes into `versionIds`.
 */
export async function loadHistory(
  db: Db,
  q: HistoryQuery,
): Promise<{ history: ShopHistory; customers: Map<string, number> }> {
  const startEpoch = Math.floor(q.start.getTime() / 1000);
  // date_part gives a double, much cheaper per row than extract's numeric; times in the range are
  // at or after its start, so flooring the quotient equals whole seconds divided down.
  const quarter = (column: string) =>
    sql`floor((date_part('epoch', ${sql.ref(column)}) - ${startEpoch}) / ${QUARTER_HOUR})::int`;
  const key = (column: string) => sql`char_length(${sql.ref(column)}) || ':' || ${sql.ref(column)}`;
  const row = (...fields: RawBuilder<unknown>[]) => sql`concat_ws(',', ${sql.join(fields)})`;
  const version = (column: string) =>
    sql`coalesce(array_position(${sql.val(q.versionIds)}::text[], ${sql.ref(column)}) - 1, -1)`;
  const text = (query: RawBuilder<unknown>) =>
    sql<{ text: string | null }>`select ${query} as text`.execute(db).then((r) => r.rows[0]?.text ?? null);

  const orderSlices = timeSlicesFor(q.start, q.end, q.calendar.days).map(([from, to]) =>
    text(sql`(select string_agg(${row(quarter('o.delivered_at'), sql.ref('o.kept_eligible_cents'), version('o.store_version_id'), key('o.customer_id'))}, ';')
      from orders o
      where o.shop_id = ${q.shopId} and o.status = 'delivered' and o.logged_in and o.customer_id is not null
        and o.delivered_at >= ${from} and o.delivered_at < ${to})`),
  );
  const others = Promise.all([
    text(sql`(select string_agg(${row(quarter('k.registered_at'), key('k.id'))}, ';')
      from customers k
      where k.shop_id = ${q.shopId} and k.registered_at >= ${q.start} and k.registered_at < ${q.end})`),
    // An order's first approved review (the earliest; ties by id), when it falls in the range. Its
    // order is looked up by key (lateral with a limit, so not turned into a join): a hash join
    // read every order of the shop on three processes while the orders' slices needed the cores.
    text(sql`(select string_agg(${row(quarter('r.decided_at'), version('o.store_version_id'), key('o.customer_id'))}, ';')
      from reviews r cross join lateral (select o.store_version_id, o.customer_id from orders o
        where o.shop_id = r.shop_id and o.id = r.order_id
          and o.status = 'delivered' and o.logged_in and o.customer_id is not null limit 1) o
      where r.shop_id = ${q.shopId} and r.status = 'approved' and r.decided_at >= ${q.start} and r.decided_at < ${q.end}
        and not exists (select 1 from reviews e
          where e.shop_id = r.shop_id and e.order_id = r.order_id and e.status = 'approved'
            and (e.decided_at < r.decided_at or (e.decided_at = r.decided_at and e.id < r.id))))`),
  ]);

  others.catch(() => {}); // reported by its own await below, after the orders
  const customers = new Map<string, number>();
  const dayOf = quarterDays(q);
  const o = await parseSlicesInOrder(orderSlices, 3, customers);
  const [joins, reviews] = await others;
  const j = parseRows(joins, 1, customers);
  const r = parseRows(reviews, 2, customers);
  const history = buildHistory(q.calendar, {
    customers: customers.size,
    versions: q.versionIds,
    orders: {
      customer: o.keys,
      day: dayOf(o.values[0]!),
      keptCents: o.values[1]!,
      version: versionIndexes(o.values[2]!),
    },
    joins: { customer: j.keys, day: dayOf(j.values[0]!) },
    reviews: { customer: r.keys, day: dayOf(r.values[0]!), version: versionIndexes(r.values[1]!) },
  });
  // Kept with the history: a planned campaign's orders are placed by their customer's number.
  return { history, customers };
}

/** Maps quarter hours since the range's start to local days of the range, DST included. */
function quarterDays(q: HistoryQuery): (quarters: Float64Array) => Uint16Array {
  const total = Math.ceil((q.end.getTime() - q.start.getTime()) / 1000 / QUARTER_HOUR);
  const table = new Uint16Array(total);
  const starts = dayStarts({ start: q.start, days: q.calendar.days }, q.timeZone);
  const quarterOf = (at: Date) => (at.getTime() - q.start.getTime()) / 1000 / QUARTER_HOUR;
  starts.forEach((start, d) => {
    const to = quarterOf(starts[d + 1] ?? q.end);
    table.fill(d, Math.floor(quarterOf(start)), Math.min(total, Math.ceil(to)));
  });
  return (quarters) => {
    const days = new Uint16Array(quarters.length);
    for (let i = 0; i < quarters.length; i++) {
      const day = table[quarters[i]!];
      if (day === undefined) throw new RangeError(`Quarter hour ${quarters[i]} falls outside the range`);
      days[i] = day;
    }
    return days;
  };
}

/** A version missing from the list (-1) gets an index past it, so no selection ever counts it. */
function versionIndexes(values: Float64Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! < 0 ? 255 : values[i]!;
  return out;
}
