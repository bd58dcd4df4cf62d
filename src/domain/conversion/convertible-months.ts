import { monthStart, nextPeriod, periodOf } from './code-validity.ts';

/** The shop's monthly runs so far, by month ('YYYY-MM'). */
export interface MonthRuns {
  completed: ReadonlySet<string>;
  /** Started and not finished (a crash, a shutdown). */
  unfinished: ReadonlySet<string>;
}

export interface MonthQuestion {
  /** The month whose conversion would run, 'YYYY-MM'. */
  period: string;
  now: Date;
  timeZone: string;
  /** When the program was first published. */
  publishedAt: Date;
  runs: MonthRuns;
}

export type MonthRefusal =
  | { reason: 'not_begun'; message: string; beginsAt: Date }
  | { reason: 'before_publication'; message: string; firstPeriod: string }
  | { reason: 'older_than_converted'; message: string; laterPeriod: string };

/**
 * Whether the conversion of `period` may run now, and if not, why. A month is converted at
 * 00:00 on its first day in the shop's zone, with the points members hold then, so:
 *
 * - a month that has not begun cannot run yet;
 * - the first month that runs is the one after the program was published (the publishing month
 *   began before the program existed: it has no start at which to convert);
 * - a month older than one already converted (or being converted) never runs afterwards: its
 *   points went into the later month's codes, and converting them again would issue codes for a
 *   month long past at today's balances.
 *
 * A month with a run of its own (finished, or to be finished) is always allowed: running it again
 * joins or resumes that run, or reports it done.
 */
export function monthRunRefusal(q: MonthQuestion): MonthRefusal | null {
  const beginsAt = monthStart(q.period, q.timeZone);
  if (q.now.getTime() < beginsAt.getTime()) {
    return {
      reason: 'not_begun',
      beginsAt,
      message: `${q.period} begins at ${beginsAt.toISOString()} (00:00 in ${q.timeZone}); its conversion cannot run before that`,
    };
  }
  if (q.runs.completed.has(q.period) || q.runs.unfinished.has(q.period)) return null;
  const published = periodOf(q.publishedAt, q.timeZone);
  const firstPeriod = nextPeriod(published);
  if (q.period < firstPeriod) {
    return {
      reason: 'before_publication',
      firstPeriod,
      message: `${q.period} is before the program was published (${q.publishedAt.toISOString()}, in ${published} in ${q.timeZone}); the first month converted is ${firstPeriod}`,
    };
  }
  const laterPeriod = [...q.runs.completed, ...q.runs.unfinished]
    .filter((period) => period > q.period)
    .sort()
    .at(-1);
  if (laterPeriod) {
    return {
      reason: 'older_than_converted',
      laterPeriod,
      message: `${q.period} is older than ${laterPeriod}, which is already converted: its points went into ${laterPeriod}’s codes, so it is not run afterwards`,
    };
  }
  return null;
}

/**
 * The months a shop's conversion is due for, oldest first: a run left unfinished (a crash, a
 * shutdown) is always finished; after that, every month that began (at 00:00 on its first day in
 * the shop's zone) after the program was published and after the latest run, up to the one `now`
 * is in. A month missed while the service was down is therefore caught up later; a month older
 * than one already converted is not (its points went into the later month's codes). Every month
 * it gives is one `monthRunRefusal` allows.
 */
export function duePeriods(input: {
  publishedAt: Date;
  timeZone: string;
  now: Date;
  completed: ReadonlySet<string>;
  unfinished?: ReadonlySet<string>;
}): string[] {
  const runs = { completed: input.completed, unfinished: input.unfinished ?? new Set<string>() };
  const current = periodOf(input.now, input.timeZone);
  const due = new Set([...runs.unfinished].filter((period) => period <= current));
  let period = nextPeriod(periodOf(input.publishedAt, input.timeZone));
  const latest = [...runs.completed, ...runs.unfinished].sort().at(-1);
  if (latest && latest >= period) period = nextPeriod(latest);
  for (; period <= current; period = nextPeriod(period)) {
    if (!runs.completed.has(period)) due.add(period);
  }
  const question = { now: input.now, timeZone: input.timeZone, publishedAt: input.publishedAt, runs };
  return [...due].sort().filter((p) => monthRunRefusal({ ...question, period: p }) === null);
}
