import type { Bucket, Granularity } from '../../domain/simulation/calendar.ts';
import type { Format } from '../i18n/index.ts';

/** Labels of a chart's buckets: days as "5.5.", weeks as "4.5.–10.5.", months as "toukok. 26". */
export function bucketLabels(buckets: Bucket[], granularity: Granularity, fmt: Format): string[] {
  return buckets.map((b) => {
    if (granularity === 'day') return fmt.shortDay(b.from);
    if (granularity === 'week') return `${fmt.shortDay(b.from)}–${fmt.shortDay(b.to)}`;
    return fmt.monthShort(b.from.slice(0, 7));
  });
}
