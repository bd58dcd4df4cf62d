/**
 * Erasing a customer's personal data (GDPR article 17; docs/personal-data.md). What identifies
 * them or was written about them is replaced by a tombstone; amounts, times and references stay,
 * so balances, reports and billing add up the same before and after.
 */

/** The name an erased customer is shown with. */
export const ERASED_NAME = 'Erased customer';

/**
 * What replaces free text written about an erased customer (an adjustment's reason) and where an
 * e-mail was sent to them. The ledger's trigger (015_personal_data.sql) lets exactly this text
 * replace a reason, and only once the erasure is recorded.
 */
export const ERASED_TEXT = '(erased)';

/** Who erased: a store's API key, a merchant in the admin, or the operator's command line. */
export type ErasureActorKind = 'api_key' | 'admin_user' | 'command_line';

export interface ErasureActor {
  kind: ErasureActorKind;
  /** The API key's name, the admin user (as adjustments name them), or what ran the command. */
  name: string;
}

/** The customer's own fields after erasure: the tombstone name and nothing else. */
export const erasedCustomerFields = () => ({
  name: ERASED_NAME,
  email: null,
  phone: null,
  language: null,
});
