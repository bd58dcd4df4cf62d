import type { PageTexts } from '../../app/pages/page-texts.ts';
import type { Program } from '../../app/program/load-program.ts';
import { MAX_CODE_VALUE_CENTS, MAX_EVENT_POINTS, MAX_TIER_POINTS, MAX_TIERS } from '../../domain/limits.ts';
import { pageTextProblem } from '../../domain/pages/render-page.ts';
import {
  codeCostLimitOf,
  codeRemindersOf,
  DEFAULT_REMINDER_DAYS,
  MAX_CODE_COST_LIMIT_BP,
  type ProgramSettings,
  type StoreVersionRef,
  validateSettings,
} from '../../domain/program/settings.ts';
import type { Format, Messages } from '../i18n/index.ts';
import {
  eurosForInput,
  formList,
  formText,
  looksWholeNumber,
  parseEuros,
  parsePercent,
  parseWholeNumber,
  percentForInput,
} from './numbers.ts';
import { canonicalTimeZone } from './time-zones.ts';

/** The settings form as typed: strings, so a wrong entry is shown back exactly as it was written. */
export interface SettingsFormValues {
  name: string;
  storeVersionIds: string[];
  purchaseRatioCents: string;
  joinPoints: string;
  reviewPoints: string;
  tiers: { points: string; value: string }[];
  codeValidityMonths: string;
  /** The limit on the codes' cost, in per cent of members' sales. */
  codeCostLimit: string;
  /** Reminders of expiring codes: the checkbox, and how many days before. */
  remindersOn: boolean;
  reminderDays: string;
  language: string;
  timeZone: string;
  introPage: string;
  termsPage: string;
}

/** Field key (a settings path such as `tiers.1.points`) → message shown beside that field. */
export type FormErrors = Record<string, string>;

export function formValuesOf(program: Program, texts: PageTexts, lang: 'fi' | 'en'): SettingsFormValues {
  const s = program.settings;
  return {
    name: s.name,
    storeVersionIds: s.storeVersionIds,
    purchaseRatioCents: String(s.purchaseRatioCents),
    joinPoints: String(s.joinPoints),
    reviewPoints: String(s.reviewPoints),
    tiers: s.tiers.map((t) => ({ points: String(t.points), value: eurosForInput(t.valueCents, lang) })),
    codeValidityMonths: String(s.codeValidityMonths),
    codeCostLimit: percentForInput(codeCostLimitOf(s), lang),
    remindersOn: codeRemindersOf(s).enabled,
    reminderDays: String(codeRemindersOf(s).daysBefore),
    language: s.language,
    timeZone: s.timeZone,
    introPage: texts.intro,
    termsPage: texts.terms,
  };
}

export function readSettingsForm(body: Record<string, unknown>): SettingsFormValues {
  const points = formList(body.tierPoints);
  const values = formList(body.tierValue);
  const rows = Math.max(points.length, values.length);
  return {
    name: formText(body.name),
    storeVersionIds: formList(body.storeVersionIds),
    purchaseRatioCents: formText(body.purchaseRatioCents),
    joinPoints: formText(body.joinPoints),
    reviewPoints: formText(body.reviewPoints),
    tiers: Array.from({ length: rows }, (_, i) => ({
      points: points[i] ?? '',
      value: values[i] ?? '',
    })).filter((t) => t.points.trim() !== '' || t.value.trim() !== ''),
    codeValidityMonths: formText(body.codeValidityMonths),
    codeCostLimit: formText(body.codeCostLimit),
    remindersOn: formText(body.remindersOn) !== '',
    reminderDays: formText(body.reminderDays),
    language: formText(body.language),
    timeZone: formText(body.timeZone),
    introPage: formText(body.introPage),
    termsPage: formText(body.termsPage),
  };
}

export interface ParsedSettingsForm {
  /** Whole settings when every field is valid. */
  settings: ProgramSettings | null;
  /**
   * What the previews and the estimate show while the form is edited: every valid field as typed,
   * the saved value of each invalid one (a tier table with any error is one invalid field).
   */
  preview: ProgramSettings;
  /** Whether a setting the estimate depends on is invalid, so the estimate uses its saved value. */
  rulesFellBack: boolean;
  pages: PageTexts;
  errors: FormErrors;
}

/** The settings the estimate depends on (`SimulationRules`, and the limit on the codes' cost). */
const RULE_FIELDS = /^(purchaseRatioCents|joinPoints|reviewPoints|tiers|storeVersionIds|codeCostLimitBp)\b/;

/** Reads and checks the form: number formats here, the program's rules in `validateSettings`. */
export function parseSettingsForm(
  values: SettingsFormValues,
  base: ProgramSettings,
  versions: StoreVersionRef[],
  t: Messages,
  fmt: Format,
): ParsedSettingsForm {
  const errors: FormErrors = {};
  const whole = wholeNumberField(errors, t, fmt);
  const ratio = Number(values.purchaseRatioCents);
  if (![10, 100, 1000].includes(ratio)) errors.purchaseRatioCents = t.fieldErrors.ratio;
  const candidate: ProgramSettings = {
    ...base,
    name: values.name.trim(),
    storeVersionIds: values.storeVersionIds,
    purchaseRatioCents: ratio as ProgramSettings['purchaseRatioCents'],
    joinPoints: whole('joinPoints', values.joinPoints, 0, MAX_EVENT_POINTS),
    reviewPoints: whole('reviewPoints', values.reviewPoints, 0, MAX_EVENT_POINTS),
    tiers: tiersOf(values.tiers, errors, whole, t, fmt),
    codeValidityMonths: whole('codeValidityMonths', values.codeValidityMonths, 1, 36),
    codeCostLimitBp: costLimitOf(values.codeCostLimit, errors, t),
    codeReminders: remindersOf(values, base, whole),
    language: (values.language || base.language) as ProgramSettings['language'],
    timeZone: canonicalTimeZone(values.timeZone),
  };
  if (candidate.timeZone === '') errors.timeZone = t.settingsPage.timeZoneRequired;
  const checked = validateSettings(candidate, versions);
  if (!checked.ok) {
    for (const e of checked.errors) {
      const key = fieldKey(e.field);
      errors[key] ??= localize(key, e.message, candidate, t, fmt);
    }
  }
  addPageTextErrors(errors, values, t);
  const keys = Object.keys(errors);
  return {
    settings: keys.length === 0 && checked.ok ? checked.settings : null,
    preview: validFieldsOver(base, candidate, keys),
    rulesFellBack: keys.some((k) => RULE_FIELDS.test(k)),
    pages: { intro: values.introPage, terms: values.termsPage },
    errors,
  };
}

/** Each setting as typed unless an error names it or a part of it (`tiers.1.points`), else as saved. */
function validFieldsOver(
  saved: ProgramSettings,
  typed: ProgramSettings,
  errorKeys: string[],
): ProgramSettings {
  const invalid = new Set(errorKeys.map((key) => key.split('.')[0]));
  const merged: Record<string, unknown> = { ...typed };
  for (const key of Object.keys(typed) as (keyof ProgramSettings)[])
    if (invalid.has(key)) merged[key] = saved[key];
  return merged as ProgramSettings;
}

/**
 * The limit on the codes' cost in basis points, or none (the default) when the field is empty, as
 * on the e-mail settings page; an error at its field when unreadable or out of bounds.
 */
function costLimitOf(text: string, errors: FormErrors, t: Messages): number | undefined {
  if (text.trim() === '') return undefined;
  const bp = parsePercent(text);
  if (bp === null) errors.codeCostLimitBp = t.settingsPage.percentFormat;
  else if (bp < 1 || bp > MAX_CODE_COST_LIMIT_BP) errors.codeCostLimitBp = t.settingsPage.percentRange;
  return bp ?? undefined;
}

/**
 * The reminders as typed. Left off with the default days on a program that never set them, they
 * stay unset, so saving the form unchanged changes no setting.
 */
function remindersOf(
  values: SettingsFormValues,
  base: ProgramSettings,
  whole: WholeNumberField,
): ProgramSettings['codeReminders'] {
  const days =
    values.reminderDays.trim() === '' && !values.remindersOn
      ? DEFAULT_REMINDER_DAYS
      : whole('codeReminders.daysBefore', values.reminderDays, 1, 60);
  if (!values.remindersOn && days === DEFAULT_REMINDER_DAYS && base.codeReminders === undefined)
    return undefined;
  return { enabled: values.remindersOn, daysBefore: days };
}

/** A whole-number field's number (0 when unreadable); an error under `key` unless it is one within bounds. */
type WholeNumberField = (key: string, text: string, min: number, max: number) => number;

/**
 * A reader of whole-number fields writing into `errors`. A long run of digits is "at most …",
 * not "not a whole number", since that is what the person typing needs to hear.
 */
function wholeNumberField(errors: FormErrors, t: Messages, fmt: Format): WholeNumberField {
  return (key, text, min, max) => {
    const n = parseWholeNumber(text);
    if (text.trim() === '') errors[key] = t.fieldErrors.required;
    else if (n === null && looksWholeNumber(text) && !/^\s*[-\u2212]/.test(text)) {
      errors[key] = t.fieldErrors.atMost(fmt.number(max));
    } else if (n === null) errors[key] = t.fieldErrors.wholeNumber;
    else if (n < min) errors[key] = min > 0 ? t.fieldErrors.positive : t.fieldErrors.notNegative;
    else if (n > max) errors[key] = t.fieldErrors.atMost(fmt.number(max));
    return n ?? 0;
  };
}

/** The tiers as numbers (0 where unreadable), with their format errors and the count's. */
function tiersOf(
  rows: SettingsFormValues['tiers'],
  errors: FormErrors,
  whole: WholeNumberField,
  t: Messages,
  fmt: Format,
): { points: number; valueCents: number }[] {
  const tiers = rows.map((tier, i) => {
    const points = whole(`tiers.${i}.points`, tier.points, 1, MAX_TIER_POINTS);
    const cents = parseEuros(tier.value);
    if (tier.value.trim() === '') errors[`tiers.${i}.valueCents`] = t.fieldErrors.required;
    else if (cents === null) errors[`tiers.${i}.valueCents`] = t.fieldErrors.euros;
    else if (cents <= 0) errors[`tiers.${i}.valueCents`] = t.fieldErrors.positive;
    else if (cents > MAX_CODE_VALUE_CENTS) {
      errors[`tiers.${i}.valueCents`] = t.fieldErrors.atMost(fmt.euros(MAX_CODE_VALUE_CENTS));
    }
    return { points, valueCents: cents ?? 0 };
  });
  if (tiers.length === 0) errors.tiers = t.fieldErrors.oneTier;
  else if (tiers.length > MAX_TIERS) errors.tiers = t.fieldErrors.atMost(fmt.number(MAX_TIERS));
  return tiers;
}

/** An empty or too long intro or terms page is an error at its field. */
function addPageTextErrors(errors: FormErrors, values: SettingsFormValues, t: Messages): void {
  for (const [key, text] of [
    ['introPage', values.introPage],
    ['termsPage', values.termsPage],
  ] as const) {
    const problem = pageTextProblem(text);
    if (problem) errors[key] = problem === 'empty' ? t.fieldErrors.pageEmpty : t.fieldErrors.pageLong;
  }
}

/** `storeVersionIds.2` is shown at the versions list; everything else at its own field. */
function fieldKey(field: string): string {
  return field.startsWith('storeVersionIds') ? 'storeVersionIds' : field;
}

function localize(key: string, message: string, typed: ProgramSettings, t: Messages, fmt: Format): string {
  const e = t.fieldErrors;
  const tier = /^tiers\.(\d+)\.(points|valueCents)$/.exec(key);
  if (tier) {
    const i = Number(tier[1]);
    const previous = typed.tiers[i - 1];
    if (previous && tier[2] === 'points') return e.tierPoints(i + 1, fmt.number(previous.points));
    if (previous) return e.tierValue(i + 1, fmt.euros(previous.valueCents));
  }
  if (key === 'name') return /required/i.test(message) ? e.nameRequired : e.nameLong;
  if (key === 'storeVersionIds') return /login/.test(message) ? e.versionLogin : e.versionUnknown;
  if (key === 'tiers') return e.oneTier;
  if (key === 'codeValidityMonths') return e.validity;
  if (key === 'timeZone') return t.settingsPage.timeZoneUnknown(typed.timeZone);
  if (key === 'codeCostLimitBp') return t.settingsPage.percentRange;
  if (key === 'purchaseRatioCents') return e.ratio;
  if (key === 'joinPoints' || key === 'reviewPoints') return e.notNegative;
  return message;
}
