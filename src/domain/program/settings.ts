import { IANAZone } from 'luxon';
import { z } from 'zod';
import { DomainError, type FieldError } from '../errors.ts';
import { MAX_CODE_VALUE_CENTS, MAX_EVENT_POINTS, MAX_TIER_POINTS, MAX_TIERS } from '../limits.ts';
import { loginRequiredMessage, versionSelectable } from './version-selectable.ts';

/** Cents of eligible purchase per point: 1 point per 0.10, 1 or 10 EUR. */
export const PURCHASE_RATIOS = [10, 100, 1000] as const;
export type PurchaseRatioCents = (typeof PURCHASE_RATIOS)[number];

export const LANGUAGES = ['fi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_TIME_ZONE = 'Europe/Helsinki';

/**
 * Above this share of members' sales (basis points: 1000 = 10 %) the estimate warns that the codes
 * cost too much. It is the shop's profitability limit, not one admin user's taste, so it is kept
 * with the program's settings, where every admin of the shop sees the same warning. Programs
 * saved before it existed have none: they get this default.
 */
export const DEFAULT_CODE_COST_LIMIT_BP = 1000;
export const MAX_CODE_COST_LIMIT_BP = 10_000;

export const rewardTierSchema = z.object({
  points: z
    .number()
    .int()
    .positive()
    .max(MAX_TIER_POINTS, `At most ${MAX_TIER_POINTS} points`)
    .describe('Points the tier costs'),
  valueCents: z
    .number()
    .int()
    .positive()
    .max(MAX_CODE_VALUE_CENTS, `At most ${MAX_CODE_VALUE_CENTS} cents`)
    .describe('Value of the discount code in cents'),
});
export type RewardTier = z.infer<typeof rewardTierSchema>;

/** The shape of a program's settings; business rules beyond shape live in `validateSettings`. */
export const programSettingsSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'Name is at most 100 characters'),
  storeVersionIds: z.array(z.string().min(1)).describe('Store versions where the program is visible'),
  purchaseRatioCents: z
    .union([z.literal(10), z.literal(100), z.literal(1000)])
    .describe('Eligible cents per point: 10 (0.10 EUR), 100 (1 EUR) or 1000 (10 EUR)'),
  joinPoints: z
    .number()
    .int()
    .min(0, 'Join points cannot be negative')
    .max(MAX_EVENT_POINTS, `At most ${MAX_EVENT_POINTS} points`),
  reviewPoints: z
    .number()
    .int()
    .min(0, 'Review points cannot be negative')
    .max(MAX_EVENT_POINTS, `At most ${MAX_EVENT_POINTS} points`),
  tiers: z
    .array(rewardTierSchema)
    .min(1, 'At least one reward tier is required')
    .max(MAX_TIERS, `At most ${MAX_TIERS} reward tiers`),
  codeValidityMonths: z.number().int().min(1, 'At least 1 month').max(36, 'At most 36 months'),
  timeZone: z.string().min(1),
  language: z.enum(LANGUAGES),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'Currency is a three-letter ISO 4217 code')
    .default('EUR'),
  codeCostLimitBp: z
    .number()
    .int()
    .min(1, 'At least 1 basis point (0.01 %)')
    .max(MAX_CODE_COST_LIMIT_BP, `At most ${MAX_CODE_COST_LIMIT_BP} basis points (100 %)`)
    .optional()
    .describe(
      'The admin’s estimate warns when the codes would cost more than this share of members’ sales, in basis points (1000 = 10 %); left out, 1000',
    ),
  codeReminders: z
    .object({
      enabled: z.boolean().describe('Send the reminders'),
      daysBefore: z
        .number()
        .int()
        .min(1, 'At least 1 day')
        .max(60, 'At most 60 days')
        .describe('How many days before its last valid day a code is reminded of'),
    })
    .optional()
    .describe(
      'An e-mail to members who consented to marketing, once per code, when an unused code’s last valid day is within `daysBefore` days; left out, off (7 days when turned on)',
    ),
});
export type ProgramSettings = z.infer<typeof programSettingsSchema>;

/** The program's limit on what codes may cost, as a share of members' sales in basis points. */
export function codeCostLimitOf(settings: Pick<ProgramSettings, 'codeCostLimitBp'>): number {
  return settings.codeCostLimitBp ?? DEFAULT_CODE_COST_LIMIT_BP;
}

/** Reminders of expiring codes: off unless the program turned them on (docs/segments.md). */
export const DEFAULT_REMINDER_DAYS = 7;
export function codeRemindersOf(settings: Pick<ProgramSettings, 'codeReminders'>): {
  enabled: boolean;
  daysBefore: number;
} {
  return settings.codeReminders ?? { enabled: false, daysBefore: DEFAULT_REMINDER_DAYS };
}

export interface StoreVersionRef {
  id: string;
  requiresLogin: boolean;
}

/** Defaults for a new program, as the product's presets define them. */
export function presetSettings(
  name = 'Loyalty program',
  overrides: Partial<ProgramSettings> = {},
): ProgramSettings {
  return {
    name,
    storeVersionIds: [],
    purchaseRatioCents: 100,
    joinPoints: 0,
    reviewPoints: 0,
    tiers: [
      { points: 100, valueCents: 500 },
      { points: 250, valueCents: 1500 },
      { points: 500, valueCents: 4000 },
    ],
    codeValidityMonths: 3,
    timeZone: DEFAULT_TIME_ZONE,
    language: 'fi',
    currency: 'EUR',
    ...overrides,
  };
}

function tierErrors(tiers: RewardTier[]): FieldError[] {
  const errors: FieldError[] = [];
  for (let i = 1; i < tiers.length; i++) {
    const prev = tiers[i - 1]!;
    const tier = tiers[i]!;
    if (tier.points <= prev.points) {
      errors.push({
        field: `tiers.${i}.points`,
        message: `Tier ${i + 1} must cost more points than tier ${i} (${prev.points})`,
      });
    }
    if (tier.valueCents <= prev.valueCents) {
      errors.push({
        field: `tiers.${i}.valueCents`,
        message: `Tier ${i + 1} must be worth more than tier ${i} (${prev.valueCents} cents)`,
      });
    }
  }
  return errors;
}

function versionErrors(selected: string[], versions: StoreVersionRef[]): FieldError[] {
  const errors: FieldError[] = [];
  const byId = new Map(versions.map((v) => [v.id, v]));
  selected.forEach((id, i) => {
    const version = byId.get(id);
    if (!version) {
      errors.push({ field: `storeVersionIds.${i}`, message: `Store version "${id}" does not exist` });
    } else if (!versionSelectable(version)) {
      errors.push({ field: `storeVersionIds.${i}`, message: loginRequiredMessage(id) });
    }
  });
  if (new Set(selected).size !== selected.length) {
    errors.push({ field: 'storeVersionIds', message: 'A store version is selected twice' });
  }
  return errors;
}

export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/**
 * Validates settings against their shape and the program rules; returns every problem at once
 * so a form can show each beside its field.
 */
export function validateSettings(
  input: unknown,
  storeVersions: StoreVersionRef[],
): { ok: true; settings: ProgramSettings } | { ok: false; errors: FieldError[] } {
  const parsed = programSettingsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: zodFieldErrors(parsed.error) };
  const settings = parsed.data;
  const errors = [...tierErrors(settings.tiers), ...versionErrors(settings.storeVersionIds, storeVersions)];
  if (!IANAZone.isValidZone(settings.timeZone)) {
    errors.push({
      field: 'timeZone',
      message: `"${settings.timeZone}" is not an IANA time zone such as Europe/Helsinki`,
    });
  }
  return errors.length ? { ok: false, errors } : { ok: true, settings };
}

/** Like `validateSettings`, but throws a `DomainError` listing every invalid field. */
export function parseSettings(input: unknown, storeVersions: StoreVersionRef[]): ProgramSettings {
  const result = validateSettings(input, storeVersions);
  if (!result.ok) {
    throw new DomainError('invalid_settings', 'The program settings are not valid', result.errors);
  }
  return result.settings;
}
