/** The one source of time: every rule of one request sees the moment read from here once. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; tests and simulations use it. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now() {
    return new Date(this.current);
  }
  set(to: Date | string) {
    this.current = new Date(to);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * Milliseconds on a counter that only moves forward (not a moment: for durations only). A use
 * case that needs the moment it finished adds the time taken to its one `clock.now()` reading.
 */
export function monotonicMs(): number {
  return performance.now();
}
