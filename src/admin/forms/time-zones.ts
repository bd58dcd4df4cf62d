/**
 * The time zones the settings form offers: IANA names from the runtime's own list, the zones of
 * the shops we serve first. Any zone the program's rules accept may still be typed.
 */
export const COMMON_TIME_ZONES = [
  'Europe/Helsinki',
  'Europe/Stockholm',
  'Europe/Tallinn',
  'Europe/Oslo',
  'Europe/Copenhagen',
  'Europe/Berlin',
  'Europe/London',
  'UTC',
] as const;

const common = new Set<string>(COMMON_TIME_ZONES);

/** The common zones, then every other zone the runtime knows, alphabetically. */
export const TIME_ZONE_CHOICES: readonly string[] = [
  ...COMMON_TIME_ZONES,
  ...Intl.supportedValuesOf('timeZone')
    .filter((zone) => !common.has(zone))
    .sort(),
];

const byLowerCase = new Map(TIME_ZONE_CHOICES.map((zone) => [zone.toLowerCase(), zone]));

/** A zone typed in any letter case, as the list spells it ("europe/helsinki" → "Europe/Helsinki"). */
export function canonicalTimeZone(typed: string): string {
  const trimmed = typed.trim();
  return byLowerCase.get(trimmed.toLowerCase()) ?? trimmed;
}
