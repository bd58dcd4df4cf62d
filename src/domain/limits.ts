/**
 * The largest amounts, quantities and points the service accepts: far beyond any real order or
 * program, and small enough that every product, sum and report total computed from them stays a
 * safe integer (below 2^53) in JavaScript and in an `int8` column. The API's schemas (as
 * `minimum`/`maximum` in the OpenAPI document), the admin's forms and the domain rules all read
 * them from here.
 */

/** Any single amount in cents: a unit price, a discount, shipping, a fee (10,000,000.00 EUR). */
export const MAX_AMOUNT_CENTS = 1_000_000_000;

/** An order's total in cents: its product lines (quantity × unit price, gift cards included) plus shipping and fees. */
export const MAX_ORDER_TOTAL_CENTS = 1_000_000_000;

/** Units of one order line, and units of one line in one return. */
export const MAX_LINE_QUANTITY = 100_000;

/** Lines of one order, cart or return. */
export const MAX_ORDER_LINES = 1000;

/** One manual adjustment, either way. */
export const MAX_ADJUSTMENT_POINTS = 10_000_000;

/** A balance an adjustment may not take a member beyond, either way. */
export const MAX_BALANCE_POINTS = 1_000_000_000;

/** The points a program pays for joining or for a review. */
export const MAX_EVENT_POINTS = 1_000_000;

/** The points a reward tier costs. */
export const MAX_TIER_POINTS = MAX_BALANCE_POINTS;

/** The value of a reward tier's discount code in cents. */
export const MAX_CODE_VALUE_CENTS = MAX_AMOUNT_CENTS;

/** Reward tiers of one program. */
export const MAX_TIERS = 20;

/** Characters of the reason of a manual adjustment. */
export const MAX_REASON_LENGTH = 500;

/**
 * The largest total a report shows: sums over many orders (months of a shop, a dashboard day) are
 * clamped to it in SQL rather than read back as an `int8` JavaScript cannot hold exactly.
 */
export const MAX_REPORT_SUM = Number.MAX_SAFE_INTEGER;

/**
 * The earliest and latest moments the service takes (orders, deliveries, returns, reviews,
 * registrations): years 0 and 1 are valid ISO 8601 but fail in the embedded database, and no shop
 * sold anything before 1970 or will in the year 3000.
 */
export const EARLIEST_TIME = '1970-01-01T00:00:00Z';
export const LATEST_TIME = '2999-12-31T23:59:59Z';
