import type { ShopperIdentity } from '../../app/shopper/shopper-account.ts';

/** A token whose signature and claims were verified, and the seconds in which its time checks pass. */
export interface VerifiedToken {
  identity: ShopperIdentity;
  /** The storefront secret that signed it: its state (revoked, shop suspended) is checked at each use. */
  kid: string;
  validFrom: number;
  validUntil: number;
}

/**
 * Shopper tokens already verified, kept by their exact text until they expire: a page of My
 * Account sends the same token with each of its requests, and an HMAC verification through
 * WebCrypto (a thread-pool round trip) was a tenth of the shopper routes' CPU under load. Only
 * successes are kept, and only the whole token string matches, so a changed claim or signature is
 * verified afresh. The oldest entries go first once `capacity` is reached.
 */
export class VerifiedShopperTokens {
  readonly #entries = new Map<string, VerifiedToken>();

  constructor(private readonly capacity = 10_000) {}

  /** The verified token if the time checks it passed still pass at `nowSeconds`. */
  get(token: string, nowSeconds: number): VerifiedToken | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    if (nowSeconds > entry.validUntil) this.#entries.delete(token);
    if (nowSeconds < entry.validFrom || nowSeconds > entry.validUntil) return undefined;
    return entry;
  }

  set(token: string, entry: VerifiedToken): void {
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(token, entry);
  }
}
