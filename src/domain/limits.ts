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

/** Ids the store gives (customers, orders, returns, reviews, products, store versions). */
export const MAX_STORE_ID_LENGTH = 100;

/** A discount code as typed at the checkout, or as reported with an order. */
export const MAX_CODE_LENGTH = 100;

/** Names of store versions, programs and API keys. */
export const MAX_LABEL_LENGTH = 100;

/** A customer's name; a product category. */
export const MAX_NAME_LENGTH = 200;

/** A customer's e-mail address (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 254;

/** The monthly e-mail's sender and reply-to addresses (with a display part). */
export const MAX_MAIL_ADDRESS_LENGTH = 320;

/** A phone number as the store writes it. */
export const MAX_PHONE_LENGTH = 40;

/** A language tag such as `fi` or `en-GB` (BCP 47's practical limit). */
export const MAX_LANGUAGE_TAG_LENGTH = 35;

/** A web address in the mail settings. */
export const MAX_URL_LENGTH = 2000;

/** An IANA time zone name such as `Europe/Helsinki`. */
export const MAX_TIME_ZONE_LENGTH = 100;

/** An ISO 8601 time with an offset: `2026-06-15T13:00:00.123456789+03:00` is 35 characters. */
export const MAX_TIME_LENGTH = 64;

/** An `Idempotency-Key` header, and so a ledger entry's reference to an adjustment. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Store versions a program is shown in. */
export const MAX_SELECTED_STORE_VERSIONS = 1000;

/** Entries per page of a paged list. */
export const MAX_PAGE_SIZE = 100;

/** Members one lookup at the till returns. */
export const MAX_MEMBERS_FOUND = 10;

/** Invalid fields listed in one problem document; more are left out. */
export const MAX_FIELD_ERRORS = 1000;

/** A request body in bytes (the server's body limit); texts echoed in errors never exceed it. */
export const MAX_BODY_BYTES = 1_048_576;

/** The author of a ledger entry as shown: an API key's name or an admin user's name and e-mail. */
export const MAX_AUTHOR_LENGTH = 1000;

/** Seconds any Retry-After this service sends names at most. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;
