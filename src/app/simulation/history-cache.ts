import type { RangeCalendar } from '../../domain/simulation/calendar.ts';
import type { CampaignExtras } from '../../domain/simulation/campaign-estimate.ts';
import type { ShopHistory } from '../../domain/simulation/history.ts';

/** A range's history and its calendar, both fixed for as long as the entry lives. */
export interface LoadedHistory {
  history: ShopHistory;
  calendar: RangeCalendar;
  /** Customer ids to their numbers in the history. */
  customers: Map<string, number>;
  /** What planned campaigns add to this history, by the campaigns' key; lives as long as the entry. */
  campaignExtras: Map<string, Promise<CampaignExtras>>;
}

interface Entry {
  loaded: Promise<LoadedHistory>;
  loadedAt: number;
}

/**
 * The few most recently used histories, so that each change of the settings form only re-runs
 * the rules. Entries expire after `ttlMs` so new orders show up; a load in progress is shared
 * by everyone asking for the same range, and loads of different ranges wait for each other.
 * A failed load is forgotten at once.
 */
export class HistoryCache {
  private readonly entries = new Map<string, Entry>();
  /** Reads run one at a time, so the memory a read needs while it runs is needed once. */
  private reading: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: { maxEntries: number; ttlMs: number }) {}

  get size(): number {
    return this.entries.size;
  }

  async get(
    key: string,
    now: Date,
    load: () => Promise<LoadedHistory>,
  ): Promise<LoadedHistory & { cached: boolean }> {
    const entry = this.entries.get(key);
    if (entry && now.getTime() - entry.loadedAt < this.options.ttlMs) {
      // Re-inserting moves the key to the end: Map keeps insertion order, so the first key is the least recent.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return { ...(await entry.loaded), cached: true };
    }
    const loaded = this.reading.then(load, load);
    this.reading = loaded.catch(() => {});
    const fresh: Entry = { loaded, loadedAt: now.getTime() };
    this.entries.delete(key);
    this.entries.set(key, fresh);
    while (this.entries.size > this.options.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
    try {
      return { ...(await fresh.loaded), cached: false };
    } catch (error) {
      if (this.entries.get(key) === fresh) this.entries.delete(key);
      throw error;
    }
  }

  /** Forgets a shop's histories, e.g. after an import rewrote its past. */
  forgetShop(shopId: string): void {
    for (const key of [...this.entries.keys()])
      if (key.startsWith(`${shopId}\u0000`)) this.entries.delete(key);
  }
}

/** A service's cache of histories: four ranges of a million orders hold about 50 MB. */
export function historyCache(): HistoryCache {
  return new HistoryCache({ maxEntries: 4, ttlMs: 5 * 60_000 });
}
