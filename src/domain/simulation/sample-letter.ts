import { codeExpiry, monthStart, nextPeriod, periodOf } from '../conversion/code-validity.ts';
import type { Language, ProgramSettings } from '../program/settings.ts';

/** What a monthly e-mail carries for one member: the shape the monthly run queues. */
export interface SampleLetter {
  period: string;
  name: string;
  balance: number;
  codes: { code: string; valueCents: number; expiresAt: string }[];
}

/** A member to greet in the preview, in the program's language; no real customer is shown. */
const SAMPLE_NAMES: Record<Language, string> = { fi: 'Maija Meikäläinen', en: 'Alex Taylor' };
/** Shaped like a real code, and never issued: real codes are random. */
const SAMPLE_CODE = 'ESIM-ERKK-1K00-D';
/** Points a sample member keeps after the conversion, unless the next tier is closer. */
const SAMPLE_REST = 42;

/**
 * The e-mail a member would get at the next month start with these settings: a code of the cheapest
 * tier, issued then and valid for the program's months in its zone, and a few points left over.
 */
export function sampleLetter(
  settings: Pick<ProgramSettings, 'tiers' | 'codeValidityMonths' | 'timeZone' | 'language'>,
  now: Date,
): SampleLetter {
  const [cheapest, next] = [...settings.tiers].sort((a, b) => a.points - b.points);
  if (!cheapest) throw new RangeError('A program has at least one tier');
  const period = nextPeriod(periodOf(now, settings.timeZone));
  const issuedAt = monthStart(period, settings.timeZone);
  const { expiresAt } = codeExpiry(issuedAt, settings.codeValidityMonths, settings.timeZone);
  return {
    period,
    name: SAMPLE_NAMES[settings.language],
    balance: next ? Math.min(SAMPLE_REST, next.points - cheapest.points - 1) : SAMPLE_REST,
    codes: [{ code: SAMPLE_CODE, valueCents: cheapest.valueCents, expiresAt: expiresAt.toISOString() }],
  };
}
