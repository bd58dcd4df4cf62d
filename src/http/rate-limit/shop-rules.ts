import type { AppContext } from '../../app/context.ts';
import { readShopApiRateLimit } from '../../app/shops/api-rate-limit.ts';
import { policyField, type RateRule } from './ratelimit-headers.ts';

/** How long a shop's budget is reused before it is read again: a change applies within this time. */
export const SHOP_RULE_CACHE_MS = 10_000;
const MAX_SHOPS = 10_000;

/** A rule with its `RateLimit-Policy` field, built once per rule rather than per response. */
export interface KeyRule extends RateRule {
  policy: string;
}

export function keyRule(rule: RateRule): KeyRule {
  return { perSecond: rule.perSecond, burst: rule.burst, policy: policyField(rule) };
}

/**
 * Which rule applies to a shop's keys: its own budget (set by the operator) or the default.
 * Read from the database at most once per shop every `SHOP_RULE_CACHE_MS` per process, never
 * per request: after the first request of a shop the answer is at hand synchronously, and once
 * it is older than that it keeps being used while one reading refreshes it in the background.
 */
export class ShopRules {
  private readonly entries = new Map<string, Entry>();
  private readonly firstReads = new Map<string, Promise<KeyRule>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly fallback: KeyRule,
    private readonly ttlMs = SHOP_RULE_CACHE_MS,
  ) {}

  /** The rule when it has been read before (refreshed in the background once old), else undefined. */
  peek(shopId: string, now: number): KeyRule | undefined {
    const entry = this.entries.get(shopId);
    if (entry === undefined) return undefined;
    if (entry.until <= now && !entry.refreshing) {
      entry.refreshing = this.read(shopId, now, entry.rule).then(
        () => {},
        () => {
          // The database is unreachable: keep the rule we have and try again on a later request.
          entry.refreshing = undefined;
        },
      );
    }
    return entry.rule;
  }

  /** The rule, reading it the first time (concurrent first requests share one reading). */
  load(shopId: string, now: number): Promise<KeyRule> {
    const known = this.entries.get(shopId);
    if (known) return Promise.resolve(known.rule);
    let first = this.firstReads.get(shopId);
    if (!first) {
      first = this.read(shopId, now, undefined).finally(() => this.firstReads.delete(shopId));
      this.firstReads.set(shopId, first);
    }
    return first;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Settles once the shop's background reading, if one is under way, is done (for tests). */
  async refreshed(shopId: string): Promise<void> {
    await this.entries.get(shopId)?.refreshing;
  }

  private async read(shopId: string, now: number, previous: KeyRule | undefined): Promise<KeyRule> {
    const own = await readShopApiRateLimit(this.ctx, shopId);
    let rule = this.fallback;
    if (own) {
      const same = previous && previous.perSecond === own.perSecond && previous.burst === own.burst;
      rule = same ? previous : keyRule(own);
    }
    if (!this.entries.has(shopId) && this.entries.size >= MAX_SHOPS) {
      // Map keeps insertion order: forget the shop read longest ago (it is read again if needed).
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(shopId, { rule, until: now + this.ttlMs });
    return rule;
  }
}

interface Entry {
  rule: KeyRule;
  /** When it should be read again, in ms. */
  until: number;
  /** The background reading under way, once the rule is older than the cache time. */
  refreshing?: Promise<void>;
}
