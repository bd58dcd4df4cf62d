/**
 * A sliding-window counter: the count of the current fixed window plus the previous window's
 * count weighted by how much of it still overlaps the sliding window. Two numbers per key
 * instead of a log of timestamps, at the price of assuming the previous window's requests were
 * spread evenly.
 */
export interface WindowState {
  /** Start of the current fixed window, in ms. */
  start: number;
  current: number;
  previous: number;
}

export interface WindowDecision {
  allowed: boolean;
  state: WindowState;
  /** When refused: how long until one more request would be allowed, in ms. */
  retryAfterMs: number;
}

export function hitWindow(
  state: WindowState | undefined,
  now: number,
  limit: number,
  windowMs: number,
): WindowDecision {
  const s = advance(state, now, windowMs);
  const elapsed = now - s.start;
  const estimate = s.previous * ((windowMs - elapsed) / windowMs) + s.current;
  if (estimate + 1 <= limit) {
    return { allowed: true, state: { ...s, current: s.current + 1 }, retryAfterMs: 0 };
  }
  return { allowed: false, state: s, retryAfterMs: waitFor(s, now, limit, windowMs) };
}

/** The state moved on to the fixed window `now` falls in (a state of a later window is kept). */
export function advance(state: WindowState | undefined, now: number, windowMs: number): WindowState {
  const aligned = now - (now % windowMs);
  if (!state || aligned - state.start >= 2 * windowMs) return { start: aligned, current: 0, previous: 0 };
  if (aligned > state.start) return { start: aligned, current: 0, previous: state.current };
  return state;
}

/** The first moment the weighted count, with no further requests, leaves room for one more. */
function waitFor(s: WindowState, now: number, limit: number, windowMs: number): number {
  const room = limit - 1;
  if (s.current <= room && s.previous > 0) {
    // Still within this window: previous * (1 - t/W) + current <= room.
    const t = windowMs * (1 - (room - s.current) / s.previous);
    if (t < windowMs) return Math.max(1, Math.ceil(s.start + t - now));
  }
  // In the next window this window's count becomes the weighted one: current * (1 - t/W) <= room.
  const t = s.current > 0 ? windowMs * Math.max(0, 1 - room / s.current) : 0;
  return Math.max(1, Math.ceil(s.start + windowMs + t - now));
}
