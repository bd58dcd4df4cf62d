/**
 * Long scans of a shop's orders are cut into slices of time read at once on separate connections,
 * so that PostgreSQL works on them on separate cores (on the embedded database they run in turn).
 * Each slice is a query and a text of its own, so a short range, where there is little to share
 * out, stays whole. Two slices measured best on two cores (npm run bench:simulate).
 */
export function timeSlicesFor(start: Date, end: Date, days: number): [Date, Date][] {
  const count = days > 62 ? 2 : 1;
  const length = end.getTime() - start.getTime();
  const cut = (i: number) =>
    i === count ? end : new Date(start.getTime() + Math.floor((length * i) / count));
  return Array.from({ length: count }, (_, i) => [cut(i), cut(i + 1)]);
}
